package io.switchboard.adapter.outbound;

import io.vertx.core.json.JsonObject;

/**
 * What one Send API call came to.
 *
 * @param status the HTTP status, or 0 when no answer arrived (timeout, connection refused)
 * @param body the JSON answer, empty when there was none or it was not JSON
 * @param transportError for status 0: {@code timeout}, {@code connection} or {@link
 *     #NO_ACCESS_TOKEN}
 */
public record SendApiResponse(int status, JsonObject body, String transportError) {
  /** Meta's code for "outside of allowed window" and its subcode. */
  public static final int CODE_OUTSIDE_WINDOW = 10;

  public static final int SUBCODE_OUTSIDE_WINDOW = 2018278;

  /** The transport error when no access token is configured: nothing was sent. */
  public static final String NO_ACCESS_TOKEN = "no_access_token";

  public static SendApiResponse of(int status, JsonObject body) {
    return new SendApiResponse(status, body == null ? new JsonObject() : body, null);
  }

  public static SendApiResponse noAnswer(String transportError) {
    return new SendApiResponse(0, new JsonObject(), transportError);
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The platform's id of the message sent, when the call created one. */
  public String messageId() {
    return body.getString("message_id");
  }

  /** Meta's error code ({@code error.code}), or 0. */
  public int errorCode() {
    return error().getInteger("code", 0);
  }

  /** Meta's error subcode ({@code error.error_subcode}), or 0. */
  public int errorSubcode() {
    return error().getInteger("error_subcode", 0);
  }

  /** Meta's {@code error.is_transient}. */
  public boolean markedTransient() {
    return error().getBoolean("is_transient", false);
  }

  public boolean outsideWindow() {
    return errorCode() == CODE_OUTSIDE_WINDOW && errorSubcode() == SUBCODE_OUTSIDE_WINDOW;
  }

  private JsonObject error() {
    Object error = body.getValue("error");
    return error instanceof JsonObject json ? json : new JsonObject();
  }

  /** Status and Meta's codes, for logs and failure reasons; never the platform's message text. */
  public String describe() {
    if (status == 0) {
      return "no answer (" + transportError + ")";
    }
    if (ok()) {
      return "HTTP " + status;
    }
    return "HTTP "
        + status
        + " code "
        + errorCode()
        + (errorSubcode() == 0 ? "" : "/" + errorSubcode());
  }
}
