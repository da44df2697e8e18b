package io.switchboard.identity.service;

import io.switchboard.service.rest.ApiException;
import java.time.Duration;

/** A refusal with 429 that tells the caller when to try again (the Retry-After header). */
public class RateLimitedException extends ApiException {
  private final long retryAfterSeconds;

  public RateLimitedException(String error, String message, Duration retryAfter, Object details) {
    super(429, error, message, details);
    this.retryAfterSeconds = seconds(retryAfter);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Whole seconds, rounded up and at least one: a client retrying at once would be refused. */
  public static long seconds(Duration wait) {
    long millis = Math.max(wait.toMillis(), 1);
    return (millis + 999) / 1000;
  }
}
