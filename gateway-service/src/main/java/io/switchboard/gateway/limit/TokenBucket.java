package io.switchboard.gateway.limit;

/**
 * A token bucket: holds up to {@code burst} tokens, starts full and refills at {@code perSecond};
 * each frame or call takes one. Time comes from the caller (nanoseconds of {@link
 * System#nanoTime()}) so the bucket holds no clock.
 */
public final class TokenBucket {
  private final double perNano;
  private final double capacity;
  private double tokens;
  private long refilledAt;

  public TokenBucket(double perSecond, int burst, long nowNanos) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "a rate limit needs a positive rate and a burst of at least 1");
    }
    this.perNano = perSecond / 1_000_000_000d;
    this.capacity = burst;
    this.tokens = burst;
    this.refilledAt = nowNanos;
  }

  /** Takes a token when one is left. */
  public synchronized boolean take(long nowNanos) {
    refill(nowNanos);
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** How long until a token is left: zero when one is. */
  public synchronized long nanosUntilToken(long nowNanos) {
    refill(nowNanos);
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
  }

  /** Whether the bucket is full again, as if it had never been used. */
  public synchronized boolean full(long nowNanos) {
    refill(nowNanos);
    return tokens >= capacity;
  }

  private void refill(long nowNanos) {
    tokens = Math.min(capacity, tokens + Math.max(0, nowNanos - refilledAt) * perNano);
    refilledAt = Math.max(refilledAt, nowNanos);
  }
}
