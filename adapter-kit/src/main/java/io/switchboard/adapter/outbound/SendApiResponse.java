package io.switchboard.adapter.outbound;

import io.vertx.core.json.JsonArray;
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

  /** The WhatsApp Cloud API's code for the same: the customer service window is closed. */
  public static final int CODE_WHATSAPP_REENGAGEMENT = 131047;

  /** The WhatsApp Cloud API's code for a recipient the number cannot reach. */
  public static final int CODE_WHATSAPP_UNDELIVERABLE = 131026;

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

  /**
   * The platform's id of the message sent, when the call created one: the Graph Send API's {@code
   * message_id}, or the first of the WhatsApp Cloud API's {@code messages[].id}.
   */
  public String messageId() {
    Object graph = body.getValue("message_id");
    if (graph instanceof String id) {
      return id;
    }
    if (body.getValue("messages") instanceof JsonArray messages
        && !messages.isEmpty()
        && messages.getValue(0) instanceof JsonObject first
        && first.getValue("id") instanceof String id) {
      return id;
    }
    return null;
  }

  /** Meta's error code ({@code error.code}), or 0. */
  public int errorCode() {
    return error().getValue("code") instanceof Number code ? code.intValue() : 0;
  }

  /** Meta's error subcode ({@code error.error_subcode}), or 0. */
  public int errorSubcode() {
    return error().getValue("error_subcode") instanceof Number code ? code.intValue() : 0;
  }

  /** Meta's {@code error.is_transient}. */
  public boolean markedTransient() {
    return Boolean.TRUE.equals(error().getValue("is_transient"));
  }

  /** Whether the platform refused the call because the 24-hour window is closed. */
  public boolean outsideWindow() {
    return (errorCode() == CODE_OUTSIDE_WINDOW && errorSubcode() == SUBCODE_OUTSIDE_WINDOW)
        || errorCode() == CODE_WHATSAPP_REENGAGEMENT;
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
