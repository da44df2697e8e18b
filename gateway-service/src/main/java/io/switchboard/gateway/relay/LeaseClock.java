package io.switchboard.gateway.relay;

import java.time.Duration;

/**
 * The arithmetic of {@link ReplicaLease}, on one replica's monotonic clock (nanoseconds), apart
 * from the database and timers so that it can be tested step by step.
 *
 * <p>A renewal sent at {@code s}, answered at {@code c}, lets this replica hold connections during
 * {@code [c + trust, s + lease)}: from when any other replica trusting an answer of its own must
 * have seen the renewed row (its statement was sent after {@code c}), until the row can have run
 * out. The replica is <em>valid</em> while the intervals of its renewals join without a gap; a gap
 * is a <em>lapse</em>, after which its connections are closed: another replica may have read no
 * live lease in between and skipped pushes meant for them.
 *
 * <p>The replica is <em>alone</em> while its latest answer, to a renewal sent at most {@code trust}
 * ago, counted no other live lease.
 */
final class LeaseClock {
  private static final long NONE = Long.MIN_VALUE;

  private final long lease;
  private final long trust;
  private long start = NONE;
  private long end = NONE;
  private long lastSent = NONE;
  private int lastOthers = -1;
  private int lapses;

  LeaseClock(Duration lease, Duration trust) {
    if (trust.compareTo(lease) >= 0) {
      throw new IllegalArgumentException("the trust must be shorter than the lease");
    }
    this.lease = lease.toNanos();
    this.trust = trust.toNanos();
  }

  /**
   * A renewal sent at {@code sent} was answered at {@code answered}, with the number of other
   * replicas holding a live lease; true if it broke the validity (a lapse).
   */
  synchronized boolean renewed(long sent, long answered, int others) {
    lastSent = sent;
    lastOthers = others;
    long from = answered + trust;
    long until = sent + lease;
    if (until - from <= 0) {
      // Answered too late to ever count; the validity runs out on its own, as if it had failed.
      return false;
    }
    boolean lapsed = false;
    if (end != NONE && from - end > 0) {
      lapsed = lapse();
    }
    if (end == NONE) {
      start = from;
      end = until;
    } else if (until - end > 0) {
      end = until;
    }
    return lapsed;
  }

  /** True if the validity ran out by {@code now} (a lapse, counted once). */
  synchronized boolean expired(long now) {
    return end != NONE && now - end >= 0 && lapse();
  }

  /** Whether the replica may hold connections at {@code now}. */
  synchronized boolean valid(long now) {
    return end != NONE && now - start >= 0 && now - end < 0;
  }

  /** Whether no other replica held a live lease, by an answer recent enough to trust. */
  synchronized boolean alone(long now) {
    return lastOthers == 0 && now - lastSent <= trust;
  }

  synchronized int lapses() {
    return lapses;
  }

  private boolean lapse() {
    start = NONE;
    end = NONE;
    lapses++;
    return true;
  }
}
