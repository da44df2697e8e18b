package io.switchboard.gateway.health;

import io.switchboard.gateway.relay.ReplicaLease;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the replica's lease is valid: a replica without one takes no connections (a few
 * seconds after a start, or while the database is away).
 */
@Readiness
@ApplicationScoped
public class ReplicaLeaseReadiness implements HealthCheck {
  public static final String NAME = "Replica lease";

  private final ReplicaLease lease;

  public ReplicaLeaseReadiness(ReplicaLease lease) {
    this.lease = lease;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named(NAME)
        .status(lease.valid())
        .withData("relaying", lease.othersMayListen())
        .build();
  }
}
