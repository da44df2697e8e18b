package io.switchboard.gateway.websocket;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.context.SmallRyeContextManagerProvider;
import io.smallrye.context.SmallRyeThreadContext;
import io.smallrye.mutiny.Uni;
import io.switchboard.gateway.limit.TokenBucket;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

/**
 * The limits of each connection (docs/gateway.md, "Limits"): a token bucket on the frames it sends
 * (over it: {@link CloseCause#RATE_LIMITED}), its frames handled in order with a bound on those
 * waiting ({@link FrameQueue}; over it: {@link CloseCause#TOO_SLOW}), a bound on the pushed frames
 * not yet written to its socket (over it: {@link CloseCause#TOO_SLOW}; what it missed waits in the
 * conversation log), and an idle timeout swept once a second (no frame and no answer to the
 * server's pings: {@link CloseCause#IDLE}). {@link GatewaySocket} reports every connection's open,
 * close, frames and pongs.
 */
@ApplicationScoped
public class ConnectionLimits {
  private static final Logger LOG = Logger.getLogger(ConnectionLimits.class);
  private static final long SWEEP_MILLIS = 1000;

  private final WebSocketConfig config;
  private final ConnectionCloser closer;
  private final TokenExpiry expiry;
  private final OpenConnections connections;
  private final Vertx vertx;
  private final SmallRyeThreadContext noContexts;
  private volatile long sweepTimer = -1;

  public ConnectionLimits(
      WebSocketConfig config,
      ConnectionCloser closer,
      TokenExpiry expiry,
      OpenConnections connections,
      Vertx vertx) {
    this.config = config;
    this.closer = closer;
    this.expiry = expiry;
    this.connections = connections;
    this.vertx = vertx;
    this.noContexts =
        (SmallRyeThreadContext)
            SmallRyeContextManagerProvider.getManager()
                .newThreadContextBuilder()
                .propagated()
                .cleared()
                .unchanged(ThreadContext.ALL_REMAINING)
                .build();
  }

  void startSweeping(@Observes StartupEvent event) {
    sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> closeIdle());
  }

  void stopSweeping(@Observes ShutdownEvent event) {
    vertx.cancelTimer(sweepTimer);
  }

  void opened(WebSocketConnection connection) {
    long now = System.nanoTime();
    TokenBucket bucket =
        new TokenBucket(config.rateLimit().perSecond(), config.rateLimit().burst(), now);
    ConnectionState state =
        new ConnectionState(bucket, new FrameQueue(config.maxWaitingFrames()), now);
    connection.userData().put(ConnectionState.KEY, state);
    closer.opened();
    expiry.schedule(connection, state);
  }

  void closed(WebSocketConnection connection) {
    ConnectionState state = connection.userData().get(ConnectionState.KEY);
    if (state != null) {
      expiry.cancel(state);
      closer.closed(connection, state);
    }
  }

  /**
   * Takes a frame of the client through the rate limit; false when the frame is to be dropped
   * because the connection is closing (and closes it when this frame is one too many).
   */
  boolean admit(WebSocketConnection connection) {
    ConnectionState state = connection.userData().get(ConnectionState.KEY);
    if (state == null) {
      return true;
    }
    if (state.cause() != null) {
      return false;
    }
    if (!state.frame(System.nanoTime())) {
      LOG.debugf("connection %s exceeded its rate limit", connection.id());
      closer.close(connection, CloseCause.RATE_LIMITED).subscribe().with(v -> {});
      return false;
    }
    return true;
  }

  /**
   * Handles a frame that the rate limit let through once the connection's earlier frames are
   * handled. A frame beyond {@code max-waiting-frames} closes the connection as too slow: its
   * earlier frames wait for answers it does not read.
   */
  Uni<Void> inOrder(WebSocketConnection connection, Supplier<Uni<Void>> frame) {
    ConnectionState state = connection.userData().get(ConnectionState.KEY);
    if (state == null) {
      return frame.get();
    }
    Uni<Void> handled = state.frames().add(frame);
    if (handled == null) {
      LOG.debugf("connection %s has too many frames waiting", connection.id());
      closer.close(connection, CloseCause.TOO_SLOW).subscribe().with(v -> {});
      return Uni.createFrom().voidItem();
    }
    return handled;
  }

  /** The client answered a ping: it is alive. */
  void heard(WebSocketConnection connection) {
    ConnectionState state = connection.userData().get(ConnectionState.KEY);
    if (state != null) {
      state.heard(System.nanoTime());
    }
  }

  /**
   * Pushes a frame to each of these devices unless it is closing, or too slow to take one more.
   *
   * <p>Runs with no thread context to capture: a push is not part of any request, and capturing the
   * contexts (CDI, transactions) for every delivery's send and its completion took about a tenth of
   * the gateway's CPU samples in a profile of GroupFanoutBenchmark.
   */
  void send(List<DeviceSessions.Session> sessions, String frame) {
    SmallRyeThreadContext.withThreadContext(
        noContexts,
        () -> {
          for (DeviceSessions.Session session : sessions) {
            send(session.connection(), session.state(), frame);
          }
        });
  }

  private void send(WebSocketConnection connection, ConnectionState state, String frame) {
    if (state.cause() != null) {
      return;
    }
    if (!state.enqueue(config.maxQueuedFrames())) {
      LOG.debugf("connection %s reads too slowly", connection.id());
      closer.close(connection, CloseCause.TOO_SLOW).subscribe().with(v -> {});
      return;
    }
    connection
        .sendText(frame)
        .subscribe()
        .with(
            ok -> state.written(),
            failure -> {
              state.written();
              LOG.debugf(
                  "push to connection %s failed: %s",
                  connection.id(), failure.getClass().getSimpleName());
            });
  }

  private void closeIdle() {
    long now = System.nanoTime();
    long timeout = config.idleTimeout().toNanos();
    for (WebSocketConnection connection : connections) {
      ConnectionState state = connection.userData().get(ConnectionState.KEY);
      if (state != null && state.cause() == null && state.silentSince(now, timeout)) {
        closer.close(connection, CloseCause.IDLE).subscribe().with(v -> {});
      }
    }
  }
}
