package io.switchboard.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseClockTest {
  private static final long MS = 1_000_000L;
  private final LeaseClock clock = new LeaseClock(Duration.ofSeconds(5), Duration.ofSeconds(2));

  @Test
  void aRenewalCountsFromItsAnswerPlusTheTrustUntilItsSendingPlusTheLease() {
    assertThat(clock.valid(0)).isFalse();
    assertThat(clock.renewed(1_000 * MS, 1_100 * MS, 0)).isFalse();

    assertThat(clock.valid(3_099 * MS)).isFalse();
    assertThat(clock.valid(3_100 * MS)).isTrue();
    assertThat(clock.valid(5_999 * MS)).isTrue();
    assertThat(clock.valid(6_000 * MS)).isFalse();
  }

  @Test
  void renewalsEverySecondKeepItValidWithoutALapse() {
    for (long s = 0; s <= 20; s++) {
      assertThat(clock.renewed(s * 1_000 * MS, s * 1_000 * MS + 30 * MS, 1)).isFalse();
      assertThat(clock.expired(s * 1_000 * MS + 500 * MS)).isFalse();
    }
    assertThat(clock.valid(21_000 * MS)).isTrue();
    assertThat(clock.lapses()).isZero();
  }

  @Test
  void runningOutIsALapseOnceAndTheNextRenewalWaitsForTheTrustAgain() {
    clock.renewed(0, 10 * MS, 0);
    assertThat(clock.expired(4_999 * MS)).isFalse();
    assertThat(clock.expired(5_000 * MS)).isTrue();
    assertThat(clock.expired(5_200 * MS)).isFalse();
    assertThat(clock.lapses()).isEqualTo(1);

    clock.renewed(9_000 * MS, 9_010 * MS, 0);
    assertThat(clock.valid(9_500 * MS)).isFalse();
    assertThat(clock.valid(11_010 * MS)).isTrue();
  }

  @Test
  void aRenewalThatWouldLeaveAGapLapsesAtOnceEvenBeforeTheOldOneRunsOut() {
    clock.renewed(0, 10 * MS, 0);
    // Answered after 3.5 s: it would count only from 5.5 s, after the first ran out at 5 s.
    assertThat(clock.renewed(1_000 * MS, 3_500 * MS, 0)).isTrue();
    assertThat(clock.valid(4_000 * MS)).isFalse();
    assertThat(clock.valid(5_500 * MS)).isTrue();
    assertThat(clock.lapses()).isEqualTo(1);
  }

  @Test
  void aRenewalAnsweredLaterThanTheLeaseMinusTheTrustNeverCounts() {
    assertThat(clock.renewed(0, 3_000 * MS, 0)).isFalse();
    assertThat(clock.valid(4_000 * MS)).isFalse();
    assertThat(clock.valid(5_000 * MS)).isFalse();
  }

  @Test
  void aloneOnlyByARecentAnswerThatCountedNoOtherLease() {
    assertThat(clock.alone(0)).isFalse();
    clock.renewed(1_000 * MS, 1_010 * MS, 0);
    assertThat(clock.alone(2_000 * MS)).isTrue();
    assertThat(clock.alone(3_000 * MS)).isTrue();
    assertThat(clock.alone(3_001 * MS)).isFalse();

    clock.renewed(2_000 * MS, 2_010 * MS, 1);
    assertThat(clock.alone(2_500 * MS)).isFalse();
  }

  @Test
  void theTrustIsShorterThanTheLease() {
    assertThatThrownBy(() -> new LeaseClock(Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
