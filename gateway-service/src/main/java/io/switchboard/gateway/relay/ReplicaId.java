package io.switchboard.gateway.relay;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** This replica's identity while it runs: new at every start. */
@ApplicationScoped
public class ReplicaId {
  private final String value = UUID.randomUUID().toString();

  public String value() {
    return value;
  }
}
