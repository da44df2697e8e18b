package io.switchboard.gateway.relay;

/**
 * Fired when this replica's lease lapsed ({@link ReplicaLease}): other replicas may have skipped
 * pushes meant for its devices, so its connections have to go (their clients reconnect and sync).
 */
public record LeaseLapsed() {}
