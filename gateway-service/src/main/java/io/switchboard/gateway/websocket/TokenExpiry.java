package io.switchboard.gateway.websocket;

import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Closes a connection when the token it was opened with expires ({@link CloseCause#TOKEN_EXPIRED}):
 * the upgrade checked the token once, and a connection must not outlive it. The client reconnects
 * with a fresh token.
 */
@ApplicationScoped
public class TokenExpiry {
  private final Vertx vertx;
  private final ConnectionCloser closer;

  public TokenExpiry(Vertx vertx, ConnectionCloser closer) {
    this.vertx = vertx;
    this.closer = closer;
  }

  void schedule(WebSocketConnection connection, ConnectionState state) {
    Long expiresAt = connection.userData().get(DeviceUpgradeCheck.EXPIRES);
    if (expiresAt == null) {
      return;
    }
    long delay = Math.max(1, expiresAt * 1000 - System.currentTimeMillis());
    state.expiryTimer(
        vertx.setTimer(
            delay,
            id -> closer.close(connection, CloseCause.TOKEN_EXPIRED).subscribe().with(v -> {})));
  }

  void cancel(ConnectionState state) {
    if (state.expiryTimer() >= 0) {
      vertx.cancelTimer(state.expiryTimer());
    }
  }
}
