package io.switchboard.adapter.outbound;

import io.vertx.core.json.JsonObject;

/**
 * One Send API call an event needs.
 *
 * @param body the JSON body, in the platform's format
 * @param rateClass the rate limit it counts against
 * @param fallback true when the call is a visible text standing in for something the app cannot
 *     show
 */
public record SendRequest(JsonObject body, RateClass rateClass, boolean fallback) {
  public static SendRequest of(JsonObject body) {
    return new SendRequest(body, RateClass.TEXT, false);
  }

  public static SendRequest fallback(JsonObject body) {
    return new SendRequest(body, RateClass.TEXT, true);
  }

  /** Whether the call carries a message (rather than a sender action), so it can take a tag. */
  public boolean isMessage() {
    return body.containsKey("message");
  }

  /** The same message sent with a message tag, for use outside the 24-hour window. */
  public SendRequest tagged(String tag) {
    JsonObject copy = body.copy().put("messaging_type", "MESSAGE_TAG").put("tag", tag);
    return new SendRequest(copy, rateClass, fallback);
  }

  /** Describes the call without its content: JSON bodies hold message text. */
  @Override
  public String toString() {
    return "SendRequest[" + rateClass + (fallback ? ", fallback" : "") + "]";
  }
}
