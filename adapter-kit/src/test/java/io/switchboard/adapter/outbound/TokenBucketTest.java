package io.switchboard.adapter.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong nanos = new AtomicLong();

  @Test
  void letsOneSecondsWorthThroughAtOnceThenSpacesCallsEvenly() {
    TokenBucket bucket = new TokenBucket(10, nanos::get);

    for (int i = 0; i < 10; i++) {
      assertThat(bucket.reserve()).isZero();
    }
    assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(100));
    assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void refillsWithTimeButNeverBeyondItsCapacity() {
    TokenBucket bucket = new TokenBucket(10, nanos::get);
    for (int i = 0; i < 10; i++) {
      bucket.reserve();
    }

    nanos.addAndGet(Duration.ofMillis(100).toNanos());
    assertThat(bucket.reserve()).isZero();
    assertThat(bucket.reserve()).isEqualTo(Duration.ofMillis(100));

    nanos.addAndGet(Duration.ofSeconds(60).toNanos());
    for (int i = 0; i < 10; i++) {
      assertThat(bucket.reserve()).isZero();
    }
    assertThat(bucket.reserve()).isPositive();
  }

  @Test
  void neverAllowsMoreThanTheRateOverAnyWindowAfterTheBurst() {
    TokenBucket bucket = new TokenBucket(300, nanos::get);
    for (int i = 0; i < 300; i++) {
      bucket.reserve();
    }

    Duration lastWait = Duration.ZERO;
    for (int i = 0; i < 600; i++) {
      lastWait = bucket.reserve();
    }

    // 600 more calls at 300/s must be spread over two seconds.
    assertThat(lastWait).isBetween(Duration.ofMillis(1990), Duration.ofMillis(2010));
  }
}
