package io.switchboard.gateway.websocket;

import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.gateway.relay.LeaseLapsed;
import io.switchboard.gateway.relay.ReplicaLease;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Closes every connection with {@link CloseCause#LEASE_LAPSED} when the replica's lease lapsed:
 * another replica may have skipped pushes meant for them, and a reconnect with {@code sync} gets
 * them from the log. A connection that opens while the lease is not valid (its upgrade passed just
 * before a lapse) is closed the same way.
 */
@ApplicationScoped
public class LapsedLeaseCloser {
  private final OpenConnections connections;
  private final ConnectionCloser closer;
  private final ReplicaLease lease;

  public LapsedLeaseCloser(
      OpenConnections connections, ConnectionCloser closer, ReplicaLease lease) {
    this.connections = connections;
    this.closer = closer;
    this.lease = lease;
  }

  /** Called as a connection opens. */
  void closeIfLapsed(WebSocketConnection connection) {
    if (!lease.valid()) {
      close(connection);
    }
  }

  void lapsed(@Observes LeaseLapsed event) {
    connections.forEach(this::close);
  }

  private void close(WebSocketConnection connection) {
    closer.close(connection, CloseCause.LEASE_LAPSED).subscribe().with(v -> {});
  }
}
