package io.switchboard.gateway.websocket;

/**
 * A token bucket: holds up to {@code burst} tokens, starts full and refills at {@code perSecond};
 * each frame takes one. Time comes from the caller (nanoseconds of {@link System#nanoTime()}) so
 * the bucket holds no clock.
 */
final class TokenBucket {
  private final double perNano;
  private final double capacity;
  private double tokens;
  private long refilledAt;

  TokenBucket(double perSecond, int burst, long nowNanos) {
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
  synchronized boolean take(long nowNanos) {
    tokens = Math.min(capacity, tokens + Math.max(0, nowNanos - refilledAt) * perNano);
    refilledAt = nowNanos;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
