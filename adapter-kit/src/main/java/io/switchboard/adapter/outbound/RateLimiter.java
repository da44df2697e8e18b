package io.switchboard.adapter.outbound;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Send API's rate limits, one pair of token buckets per page or account, so that the mesh slows
 * itself down before the platform answers 429. Waiting never blocks a thread.
 */
public final class RateLimiter {
  private final SendApiConfig.Limits limits;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(SendApiConfig.Limits limits) {
    this.limits = limits;
  }

  /** Completes when a call of {@code rateClass} for {@code pageId} may be made. */
  public Uni<Void> acquire(String pageId, RateClass rateClass) {
    Duration wait =
        buckets
            .computeIfAbsent(rateClass.name() + ':' + pageId, key -> bucket(rateClass))
            .reserve();
    if (wait.isZero()) {
      return Uni.createFrom().voidItem();
    }
    // Timers refuse delays under a millisecond; round a short wait up rather than skip it.
    Duration delay = wait.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : wait;
    return Uni.createFrom().voidItem().onItem().delayIt().by(delay);
  }

  private TokenBucket bucket(RateClass rateClass) {
    return TokenBucket.perSecond(
        rateClass == RateClass.MEDIA ? limits.mediaPerSecond() : limits.textPerSecond());
  }
}
