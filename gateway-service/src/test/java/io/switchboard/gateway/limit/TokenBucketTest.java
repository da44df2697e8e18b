package io.switchboard.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void letsABurstThroughThenRefillsAtTheRate() {
    TokenBucket bucket = new TokenBucket(20, 50, 0);

    for (int i = 0; i < 50; i++) {
      assertThat(bucket.take(0)).as("frame %d of the burst", i).isTrue();
    }
    assertThat(bucket.take(0)).isFalse();
    assertThat(bucket.take(SECOND / 20)).isTrue();
    assertThat(bucket.take(SECOND / 20)).isFalse();
  }

  @Test
  void neverHoldsMoreThanTheBurst() {
    TokenBucket bucket = new TokenBucket(20, 5, 0);

    int taken = 0;
    while (bucket.take(3600 * SECOND)) {
      taken++;
    }

    assertThat(taken).isEqualTo(5);
  }

  @Test
  void tellsHowLongUntilTheNextTokenAndWhenItIsFullAgain() {
    TokenBucket bucket = new TokenBucket(4, 2, 0);
    assertThat(bucket.nanosUntilToken(0)).isZero();
    bucket.take(0);
    bucket.take(0);

    assertThat(bucket.nanosUntilToken(0)).isEqualTo(SECOND / 4);
    assertThat(bucket.nanosUntilToken(SECOND / 8)).isEqualTo(SECOND / 8);
    assertThat(bucket.full(SECOND / 4)).isFalse();
    assertThat(bucket.full(SECOND / 2)).isTrue();
  }
}
