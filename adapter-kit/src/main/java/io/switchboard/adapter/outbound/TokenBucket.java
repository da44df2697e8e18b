package io.switchboard.adapter.outbound;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket that hands out reservations: a caller takes a token now and is told how long to
 * wait before using it. Waiting callers therefore queue in order instead of polling, and the rate
 * over any second never exceeds {@code perSecond} beyond the initial burst of one second's worth.
 */
public final class TokenBucket {
  private final double perNano;
  private final double capacity;
  private final LongSupplier nanoClock;
  private double tokens;
  private long updatedAt;

  public TokenBucket(int perSecond, LongSupplier nanoClock) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("perSecond must be positive");
    }
    this.perNano = perSecond / 1_000_000_000.0;
    this.capacity = perSecond;
    this.nanoClock = nanoClock;
    this.tokens = perSecond;
    this.updatedAt = nanoClock.getAsLong();
  }

  public static TokenBucket perSecond(int perSecond) {
    return new TokenBucket(perSecond, System::nanoTime);
  }

  /** Takes one token; the answer is how long to wait before the call may be made (zero if now). */
  public synchronized Duration reserve() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - updatedAt) * perNano);
    updatedAt = now;
    tokens -= 1;
    if (tokens >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-tokens / perNano));
  }
}
