package io.switchboard.gateway.websocket;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Closes connections for a {@link CloseCause} and counts every close: {@code
 * switchboard.gateway.websocket.closes{reason}} (a cause's tag; {@code client} when the client
 * closed normally, {@code other} for a dropped connection or an unexpected error) next to the
 * {@code switchboard.gateway.websocket.connections} gauge of this replica's open connections. A
 * close whose cause is not known yet is counted {@link #LATE_CAUSE_MILLIS} later.
 */
@ApplicationScoped
public class ConnectionCloser {
  private static final Logger LOG = Logger.getLogger(ConnectionCloser.class);
  static final String CLOSES = "switchboard.gateway.websocket.closes";
  static final String CONNECTIONS = "switchboard.gateway.websocket.connections";
  private static final String OTHER = "other";

  /**
   * How long a close without a recorded cause waits before it is counted: a frame the server cut
   * (too large, or breaking RFC 6455) can close the connection before the error handler that
   * records why runs.
   */
  static final long LATE_CAUSE_MILLIS = 500;

  private final MeterRegistry metrics;
  private final Vertx vertx;
  private final AtomicInteger open = new AtomicInteger();

  public ConnectionCloser(MeterRegistry metrics, Vertx vertx) {
    this.metrics = metrics;
    this.vertx = vertx;
    metrics.gauge(CONNECTIONS, open);
  }

  /**
   * Closes the connection with the cause's code and reason, unless it is closed or closing already;
   * completes when the close frame is written, and never fails.
   */
  Uni<Void> close(WebSocketConnection connection, CloseCause cause) {
    ConnectionState state = connection.userData().get(ConnectionState.KEY);
    if ((state != null && !state.closing(cause)) || connection.isClosed()) {
      return Uni.createFrom().voidItem();
    }
    LOG.debugf("closing connection %s: %s", connection.id(), cause.tag());
    return connection
        .close(cause.reason())
        .onFailure()
        .recoverWithItem(
            failure -> {
              LOG.debugf(
                  "closing connection %s failed: %s",
                  connection.id(), failure.getClass().getSimpleName());
              return null;
            });
  }

  void opened() {
    open.incrementAndGet();
  }

  void closed(WebSocketConnection connection, ConnectionState state) {
    open.decrementAndGet();
    String now = tag(connection, state);
    if (!OTHER.equals(now)) {
      count(now);
    } else {
      vertx.setTimer(LATE_CAUSE_MILLIS, timer -> count(tag(connection, state)));
    }
  }

  private void count(String reason) {
    metrics.counter(CLOSES, "reason", reason).increment();
  }

  private static String tag(WebSocketConnection connection, ConnectionState state) {
    if (state.cause() != null) {
      return state.cause().tag();
    }
    CloseReason reason = connection.closeReason();
    int code = reason == null ? -1 : reason.getCode();
    // A frame the server refused before the gateway read it (too large, or breaking RFC 6455) is
    // closed by the server itself; when no error handler recorded why, its code may still tell.
    if (code == CloseCause.MESSAGE_TOO_BIG.reason().getCode()) {
      return CloseCause.MESSAGE_TOO_BIG.tag();
    }
    if (code == CloseCause.PROTOCOL_ERROR.reason().getCode()) {
      return CloseCause.PROTOCOL_ERROR.tag();
    }
    return code == 1000 || code == 1001 ? "client" : OTHER;
  }
}
