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
  /**
   * Rate-limit codes, which some endpoints answer with HTTP 400 rather than 429: the Graph API's 4,
   * 32 and 613, and the WhatsApp Cloud API's 80007 (business account), 130429 (phone number
   * throughput) and 131056 (business and consumer pair).
   */
  private static final Set<Integer> RATE_LIMIT_CODES = Set.of(4, 32, 613, 80007, 130429, 131056);

  /**
   * Codes that no retry can fix: invalid parameter or recipient, window, token; on WhatsApp the
   * undeliverable recipient (131026) and the closed customer service window (131047).
   */
  private static final Set<Integer> PERMANENT_CODES =
      Set.of(10, 100, 190, 200, 551, 131026, 131047);

  private final int maxAttempts;
  private static final Duration MIN_WAIT = Duration.ofMillis(1);

  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final DoubleSupplier random;
  private final Set<Integer> slowCodes;
  private final Duration slowInitialBackoff;
  private final Duration slowMaxBackoff;

  public RetryPolicy(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff, DoubleSupplier random) {
    this(maxAttempts, initialBackoff, maxBackoff, random, Set.of(), initialBackoff, maxBackoff);
  }

  private RetryPolicy(
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      DoubleSupplier random,
      Set<Integer> slowCodes,
      Duration slowInitialBackoff,
      Duration slowMaxBackoff) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.random = random;
    this.slowCodes = Set.copyOf(slowCodes);
    this.slowInitialBackoff = slowInitialBackoff;
    this.slowMaxBackoff = slowMaxBackoff;
  }

  /**
   * The same policy, but errors with one of {@code codes} are retried after a longer wait: at least
   * {@code initial * 2^(attempt-1)} (capped at {@code max}), plus up to half of that again as
   * jitter. For limits that a short full-jitter wait would only hit again, such as WhatsApp's pair
   * rate limit (131056: one business number may send a user about one message every 6 seconds).
   */
  public RetryPolicy withSlowRetry(Set<Integer> codes, Duration initial, Duration max) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, random, codes, initial, max);
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
        || slowCodes.contains(response.errorCode())
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

  /**
   * The wait before attempt {@code attempt + 1} after {@code response}: the slow schedule for the
   * codes given to {@link #withSlowRetry}, else {@link #backoff(int)}.
   */
  public Duration backoff(int attempt, SendApiResponse response) {
    if (!slowCodes.contains(response.errorCode())) {
      return backoff(attempt);
    }
    long floor = cap(attempt, slowInitialBackoff, slowMaxBackoff).toNanos();
    long nanos = floor + (long) (random.getAsDouble() * (floor / 2));
    return Duration.ofNanos(Math.max(nanos, MIN_WAIT.toNanos()));
  }

  /** The longest wait after {@code attempt} failed calls: initial * 2^(attempt-1), capped. */
  public Duration cap(int attempt) {
    return cap(attempt, initialBackoff, maxBackoff);
  }

  private static Duration cap(int attempt, Duration initial, Duration max) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 30);
    long nanos = initial.toNanos();
    for (int i = 0; i < doublings && nanos < max.toNanos(); i++) {
      nanos *= 2;
    }
    return Duration.ofNanos(Math.min(nanos, max.toNanos()));
  }
}
