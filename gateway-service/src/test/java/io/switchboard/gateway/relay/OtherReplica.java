package io.switchboard.gateway.relay;

import static org.awaitility.Awaitility.await;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;

/**
 * A lease in {@code gateway.replica_leases} for a replica that does not run: the gateway under test
 * writes its pushes to {@code gateway.pushes} as it would beside a second replica.
 */
public final class OtherReplica {
  private static final String ID = "test-other-replica";

  private OtherReplica() {}

  /** Holds the lease for an hour and waits until the gateway relays its pushes. */
  public static void hold(Pool pool, ReplicaLease lease) {
    pool.preparedQuery(
            "INSERT INTO gateway.replica_leases (replica_id, lease_until)"
                + " VALUES ($1, now() + interval '1 hour')"
                + " ON CONFLICT (replica_id) DO UPDATE SET lease_until = excluded.lease_until")
        .execute(Tuple.of(ID))
        .await()
        .atMost(Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(lease::othersMayListen);
  }

  /** Gives the lease up and waits until the gateway knows itself alone. */
  public static void release(Pool pool, ReplicaLease lease) {
    release(pool, lease, ID);
  }

  /** Removes the lease of {@code replicaId} and waits until the gateway knows itself alone. */
  static void release(Pool pool, ReplicaLease lease, String replicaId) {
    pool.preparedQuery("DELETE FROM gateway.replica_leases WHERE replica_id = $1")
        .execute(Tuple.of(replicaId))
        .await()
        .atMost(Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> !lease.othersMayListen());
  }
}
