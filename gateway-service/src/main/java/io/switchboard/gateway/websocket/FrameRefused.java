package io.switchboard.gateway.websocket;

/**
 * A client frame the gateway refuses before writing anything: answered with an {@code error} frame
 * carrying {@link #code()}, the connection stays open.
 */
final class FrameRefused extends RuntimeException {
  private final String code;

  FrameRefused(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  static FrameRefused invalid(String field, String expected) {
    return new FrameRefused("invalid_field", field + ": " + expected);
  }

  String code() {
    return code;
  }
}
