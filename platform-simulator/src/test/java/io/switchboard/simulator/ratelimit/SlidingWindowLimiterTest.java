package io.switchboard.simulator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {
  @Test
  void refusesTheCallAfterTheLimitWithinTheWindow() {
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(3, Duration.ofHours(1));

    assertThat(limiter.tryAcquire("page")).isTrue();
    assertThat(limiter.tryAcquire("page")).isTrue();
    assertThat(limiter.tryAcquire("page")).isTrue();
    assertThat(limiter.tryAcquire("page")).isFalse();
  }

  @Test
  void countsEachKeyOnItsOwn() {
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(1, Duration.ofHours(1));

    assertThat(limiter.tryAcquire("one page")).isTrue();
    assertThat(limiter.tryAcquire("another page")).isTrue();
    assertThat(limiter.tryAcquire("one page")).isFalse();
  }

  @Test
  void allowsCallsAgainOnceTheWindowHasPassed() throws InterruptedException {
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(1, Duration.ofMillis(50));

    assertThat(limiter.tryAcquire("page")).isTrue();
    assertThat(limiter.tryAcquire("page")).isFalse();
    Thread.sleep(60);
    assertThat(limiter.tryAcquire("page")).isTrue();
  }
}
