package io.switchboard.simulator.graph;

import io.switchboard.simulator.send.MetaError;
import io.switchboard.simulator.send.MetaIds;
import io.switchboard.simulator.send.SendOutcome;

/**
 * The Send API errors of the Messenger Platform and the Instagram Messaging API, with the codes and
 * messages of Meta's Send API error-code reference.
 */
public final class GraphErrors {
  static final int INVALID_PARAMETER = 100;
  static final int NO_MATCHING_USER = 2018001;
  static final int PERMISSION = 10;
  static final int OUTSIDE_WINDOW = 2018278;
  static final int RATE_LIMIT = 613;
  static final int OAUTH = 190;

  private GraphErrors() {}

  /** Code 100: a parameter is missing, malformed or out of range. HTTP 400. */
  public static SendOutcome invalidParameter(String message) {
    return error(400, "(#100) " + message, INVALID_PARAMETER, null, null);
  }

  /** Code 100, subcode 2018001: the recipient is not a user the page can message. HTTP 400. */
  public static SendOutcome noMatchingUser() {
    return error(400, "(#100) No matching user found", INVALID_PARAMETER, NO_MATCHING_USER, null);
  }

  /** Code 10, subcode 2018278: the 24-hour (or 7-day HUMAN_AGENT) window is closed. HTTP 400. */
  public static SendOutcome outsideWindow() {
    return error(
        400,
        "(#10) This message is sent outside of allowed window.",
        PERMISSION,
        OUTSIDE_WINDOW,
        null);
  }

  /** Code 613: calls to the Send API exceeded the rate limit. HTTP 429. */
  public static SendOutcome rateLimited() {
    return error(
        429, "(#613) Calls to this API have exceeded the rate limit.", RATE_LIMIT, null, true);
  }

  /** Code 190 without a token (HTTP 400) or with a wrong one (HTTP 401). */
  public static SendOutcome invalidToken(boolean missing) {
    return missing
        ? error(400, "An access token is required to request this resource.", OAUTH, null, null)
        : error(401, "Invalid OAuth access token - Cannot parse access token", OAUTH, null, null);
  }

  /** What an injected 5xx answers: code 1 (500) or code 2 (503), both transient. */
  public static SendOutcome unavailable(int status) {
    return status == 503
        ? error(503, "(#2) Service temporarily unavailable", 2, null, true)
        : error(500, "An unknown error has occurred.", 1, null, true);
  }

  private static SendOutcome error(
      int status, String message, int code, Integer subcode, Boolean transientError) {
    return SendOutcome.error(
        status,
        new MetaError(
            new MetaError.Detail(
                message,
                "OAuthException",
                code,
                subcode,
                null,
                transientError,
                MetaIds.fbtraceId())));
  }
}
