package io.switchboard.gateway.websocket;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.OpenConnections;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * When the replica stops, closes every connection with {@link CloseCause#SHUTDOWN} (1001) while the
 * server still runs, so that clients reconnect to another replica and {@code sync} instead of
 * seeing their connection drop; waits for the close frames up to {@code
 * switchboard.gateway.websocket.shutdown-timeout}. Upgrades that arrive meanwhile are refused with
 * 503 ({@link DeviceUpgradeCheck}).
 */
@ApplicationScoped
public class GracefulShutdown {
  private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

  private final OpenConnections connections;
  private final ConnectionCloser closer;
  private final WebSocketConfig config;
  private volatile boolean stopping;

  public GracefulShutdown(
      OpenConnections connections, ConnectionCloser closer, WebSocketConfig config) {
    this.connections = connections;
    this.closer = closer;
    this.config = config;
  }

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
    List<Uni<Void>> closing =
        connections.stream().map(c -> closer.close(c, CloseCause.SHUTDOWN)).toList();
    if (closing.isEmpty()) {
      return;
    }
    LOG.infof("closing %d WebSocket connections", closing.size());
    try {
      Uni.join().all(closing).andCollectFailures().await().atMost(config.shutdownTimeout());
    } catch (TimeoutException e) {
      LOG.warnf("not every connection closed within %s", config.shutdownTimeout());
    }
  }

  boolean stopping() {
    return stopping;
  }
}
