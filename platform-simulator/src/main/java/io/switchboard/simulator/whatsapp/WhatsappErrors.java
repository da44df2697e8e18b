package io.switchboard.simulator.whatsapp;

import io.switchboard.simulator.send.MetaError;
import io.switchboard.simulator.send.MetaIds;
import io.switchboard.simulator.send.SendOutcome;

/**
 * The WhatsApp Cloud API's errors, with the codes, titles and details of Meta's Cloud API
 * error-code reference. Since v16.0 the body carries {@code error_data.details} and no subcode.
 */
public final class WhatsappErrors {
  private WhatsappErrors() {}

  /** Code 100, Invalid parameter. HTTP 400. */
  public static SendOutcome invalidParameter(String details) {
    return error(400, 100, "Invalid parameter", details);
  }

  /** Code 131026, Message Undeliverable: not a WhatsApp user this number can reach. HTTP 400. */
  public static SendOutcome undeliverable() {
    return error(
        400,
        131026,
        "Message Undeliverable",
        "Unable to deliver message. The recipient is not a WhatsApp user this number can reach.");
  }

  /** Code 131047, Re-engagement message: the customer service window is closed. HTTP 400. */
  public static SendOutcome reEngagement() {
    return error(
        400,
        131047,
        "Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last"
            + " replied to this number.");
  }

  /** Code 130429, Rate limit hit: the phone number's throughput was reached. HTTP 429. */
  public static SendOutcome throughput() {
    return error(
        429,
        130429,
        "Rate limit hit",
        "Message failed to send because there were too many messages sent from this phone number"
            + " in a short period of time");
  }

  /** Code 131056, pair rate limit hit: too many messages to the same recipient. HTTP 429. */
  public static SendOutcome pairRateLimit() {
    return error(
        429,
        131056,
        "(Business Account, Consumer Account) pair rate limit hit",
        "Message failed to send because there were too many messages sent from this phone number"
            + " to the same phone number in a short period of time");
  }

  /** Code 190 without a token (HTTP 400) or with a wrong one (HTTP 401). */
  public static SendOutcome invalidToken(boolean missing) {
    return missing
        ? error(400, 190, "Access token is missing", "An access token is required.")
        : error(401, 190, "Invalid OAuth access token", "The access token could not be decrypted");
  }

  /** What an injected 5xx answers: code 1 API Unknown (500) or code 2 API Service (503). */
  public static SendOutcome unavailable(int status) {
    return status == 503
        ? error(503, 2, "Service temporarily unavailable", "Temporary due to downtime")
        : error(500, 1, "An unknown error occurred", "Invalid request or server error");
  }

  private static SendOutcome error(int status, int code, String title, String details) {
    return SendOutcome.error(
        status,
        new MetaError(
            new MetaError.Detail(
                "(#" + code + ") " + title,
                "OAuthException",
                code,
                null,
                new MetaError.ErrorData("whatsapp", details),
                null,
                MetaIds.fbtraceId())));
  }
}
