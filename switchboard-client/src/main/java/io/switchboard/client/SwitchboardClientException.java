package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A call to the mesh that did not succeed: refused with an error status, answered with something
 * that is not the expected answer, or not answered at all.
 *
 * <p>For a refusal it carries the HTTP status and the mesh's error body ({@code {"error",
 * "message", "details"}}, see {@code docs/http-apis.md}): {@link #error()} is the stable code to
 * branch on (e.g. {@code too_many_devices}), {@link #serverMessage()} the sentence for people. The
 * mesh never echoes a request in its refusals, and this client never puts keys, tokens or plaintext
 * in a message, so the message is safe to log.
 */
public final class SwitchboardClientException extends Exception {
  private static final long serialVersionUID = 1L;

  /** {@link #status()} when no HTTP answer came: the connection failed or timed out. */
  public static final int NO_RESPONSE = 0;

  private final int status;
  private final String error;
  private final String serverMessage;
  private final transient JsonNode details;

  SwitchboardClientException(
      String message, int status, String error, String serverMessage, JsonNode details) {
    super(message);
    this.status = status;
    this.error = error;
    this.serverMessage = serverMessage;
    this.details = details;
  }

  SwitchboardClientException(String message, Throwable cause) {
    super(message, cause);
    this.status = NO_RESPONSE;
    this.error = null;
    this.serverMessage = null;
    this.details = null;
  }

  /** The HTTP status of the answer, or {@link #NO_RESPONSE} when none came. */
  public int status() {
    return status;
  }

  /**
   * The error body's {@code error} code, e.g. {@code not_found} or {@code too_many_devices}; null
   * when the answer had no mesh error body (a proxy's error page, an unexpected answer, no answer).
   */
  public String error() {
    return error;
  }

  /** The error body's {@code message}, a sentence for people; null when there was none. */
  public String serverMessage() {
    return serverMessage;
  }

  /**
   * The error body's {@code details}, e.g. {@code [{"field":"keys[0].publicKey","message":…}]} for
   * a refused request; null when there were none.
   */
  public JsonNode details() {
    return details;
  }
}
