package io.switchboard.adapter.outbound;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When to call the Send API again, and after how long: exponential backoff with full jitter (a
 * uniformly random wait between zero and the exponential cap), so that many senders refused at the
 * same moment do not come back at the same moment.
 */
public final class RetryPolicy {
  /** Meta's rate-limit codes, which some endpoints answer with HTTP 400 rather than 429. */
  private static final Set<Integer> RATE_LIMIT_CODES = Set.of(4, 32, 613);

  /** Meta's codes that no retry can fix: invalid parameter or recipient, window, token. */
  private static final Set<Integer> PERMANENT_CODES = Set.of(10, 100, 190, 200, 551);

  private final int maxAttempts;
  private static final Duration MIN_WAIT = Duration.ofMillis(1);

  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final DoubleSupplier random;

  public RetryPolicy(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff, DoubleSupplier random) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.random = random;
  }

  public static RetryPolicy of(SendApiConfig.Retry config) {
    return new RetryPolicy(
        config.maxAttempts(),
        config.initialBackoff(),
        config.maxBackoff(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Whether a failed call may succeed if made again: no answer, 429, 5xx, or a 4xx that Meta marks
   * as a rate limit or as transient. Never a failure whose code says the request itself is wrong.
   */
  public boolean retryable(SendApiResponse response) {
    if (response.ok()) {
      return false;
    }
    if (response.status() == 0) {
      return !SendApiResponse.NO_ACCESS_TOKEN.equals(response.transportError());
    }
    if (response.status() == 429) {
      return true;
    }
    if (PERMANENT_CODES.contains(response.errorCode())) {
      return false;
    }
    return response.status() >= 500
        || RATE_LIMIT_CODES.contains(response.errorCode())
        || response.markedTransient();
  }

  /** Whether another attempt is allowed after {@code attempts} calls. */
  public boolean attemptsLeft(int attempts) {
    return attempts < maxAttempts;
  }

  /** The wait before attempt {@code attempt + 1}, after {@code attempt} failed calls (from 1). */
  public Duration backoff(int attempt) {
    // At least a millisecond: timers refuse shorter delays, and a zero wait is no backoff.
    long nanos = (long) (random.getAsDouble() * cap(attempt).toNanos());
    return Duration.ofNanos(Math.max(nanos, MIN_WAIT.toNanos()));
  }

  /** The longest wait after {@code attempt} failed calls: initial * 2^(attempt-1), capped. */
  public Duration cap(int attempt) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 30);
    long nanos = initialBackoff.toNanos();
    for (int i = 0; i < doublings && nanos < maxBackoff.toNanos(); i++) {
      nanos *= 2;
    }
    return Duration.ofNanos(Math.min(nanos, maxBackoff.toNanos()));
  }
}
