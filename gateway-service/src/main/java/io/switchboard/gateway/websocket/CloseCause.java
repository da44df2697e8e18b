package io.switchboard.gateway.websocket;

import io.quarkus.websockets.next.CloseReason;
import java.util.Locale;

/**
 * Why the gateway closes a connection: the close code and reason the client reads (docs/gateway.md,
 * "Close codes") and the {@code reason} tag of the close metric.
 */
enum CloseCause {
  /** A message over {@code quarkus.websockets-next.server.max-message-size}. */
  MESSAGE_TOO_BIG(1009, "message too big"),
  /** A frame that breaks RFC 6455 (the server refused it before the gateway could read it). */
  PROTOCOL_ERROR(1002, "protocol error"),
  /** More text frames than the connection's token bucket allows. */
  RATE_LIMITED(1008, "rate limit exceeded"),
  /**
   * The client reads too slowly: too many pushed frames wait for its socket. 1013 (try again later)
   * rather than 1008: the client broke no rule, it should reconnect (after a pause) and sync.
   */
  TOO_SLOW(1013, "too slow: reconnect and sync"),
  /** Neither a frame nor an answer to the server's pings within the idle timeout. */
  IDLE(1001, "idle timeout"),
  /**
   * The token the connection was opened with expired; an application code (RFC 6455 leaves
   * 4000-4999 to applications) so that clients tell it from a refusal and reconnect with a fresh
   * token.
   */
  TOKEN_EXPIRED(4001, "token expired"),
  /** This replica is stopping; another one takes the reconnect. */
  SHUTDOWN(1001, "server shutting down"),
  /**
   * This replica's lease lapsed (it lost the database for a while): other replicas may have stopped
   * relaying to it, so its clients reconnect, to any replica, and sync. 1012: service restart.
   */
  LEASE_LAPSED(1012, "replica lease lapsed: reconnect and sync");

  private final CloseReason reason;

  CloseCause(int code, String message) {
    this.reason = new CloseReason(code, message);
  }

  CloseReason reason() {
    return reason;
  }

  String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
