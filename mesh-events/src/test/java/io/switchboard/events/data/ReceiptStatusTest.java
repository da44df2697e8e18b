package io.switchboard.events.data;

import static io.switchboard.events.data.ReceiptStatus.DELIVERED;
import static io.switchboard.events.data.ReceiptStatus.FAILED;
import static io.switchboard.events.data.ReceiptStatus.READ;
import static io.switchboard.events.data.ReceiptStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exhaustive over every pair and triple of states: with four states that is 16 and 64 cases, so
 * there is nothing left for a generator to find.
 */
class ReceiptStatusTest {
  /** The documented order: sent < delivered < read, and a failure only before delivery. */
  private static final List<ReceiptStatus> ORDER = List.of(SENT, FAILED, DELIVERED, READ);

  @Test
  void advancesToTheLaterOfSentDeliveredAndRead() {
    List<ReceiptStatus> forward = List.of(SENT, DELIVERED, READ);
    for (ReceiptStatus current : forward) {
      for (ReceiptStatus next : forward) {
        ReceiptStatus later = forward.indexOf(next) > forward.indexOf(current) ? next : current;
        assertThat(current.advance(next)).as("%s then %s", current, next).isEqualTo(later);
      }
    }
  }

  @Test
  void lateDeliveredAfterReadStaysRead() {
    assertThat(READ.advance(DELIVERED)).isEqualTo(READ);
    assertThat(READ.advance(SENT)).isEqualTo(READ);
  }

  @Test
  void failureCountsOnlyBeforeDelivery() {
    assertThat(SENT.advance(FAILED)).isEqualTo(FAILED);
    assertThat(DELIVERED.advance(FAILED)).isEqualTo(DELIVERED);
    assertThat(READ.advance(FAILED)).isEqualTo(READ);
  }

  @Test
  void lateSentDoesNotUndoAFailure() {
    assertThat(FAILED.advance(SENT)).isEqualTo(FAILED);
  }

  @Test
  void deliveryReportedAfterAFailureWins() {
    assertThat(FAILED.advance(DELIVERED)).isEqualTo(DELIVERED);
    assertThat(FAILED.advance(READ)).isEqualTo(READ);
  }

  @Test
  void neverMovesBackwards() {
    for (ReceiptStatus current : ReceiptStatus.values()) {
      for (ReceiptStatus next : ReceiptStatus.values()) {
        assertThat(ORDER.indexOf(current.advance(next)))
            .as("%s then %s", current, next)
            .isGreaterThanOrEqualTo(ORDER.indexOf(current));
      }
    }
  }

  @Test
  void aRepeatedStateChangesNothing() {
    for (ReceiptStatus status : ReceiptStatus.values()) {
      assertThat(status.advance(status)).isEqualTo(status);
    }
  }

  @Test
  void arrivalOrderOfTwoStatesDoesNotMatter() {
    for (ReceiptStatus a : ReceiptStatus.values()) {
      for (ReceiptStatus b : ReceiptStatus.values()) {
        assertThat(a.advance(b)).as("%s and %s", a, b).isEqualTo(b.advance(a));
      }
    }
  }

  @Test
  void arrivalOrderOfThreeStatesDoesNotMatter() {
    for (ReceiptStatus a : ReceiptStatus.values()) {
      for (ReceiptStatus b : ReceiptStatus.values()) {
        for (ReceiptStatus c : ReceiptStatus.values()) {
          assertThat(a.advance(b).advance(c))
              .as("%s, %s, %s", a, b, c)
              .isEqualTo(a.advance(b.advance(c)))
              .isEqualTo(c.advance(a).advance(b));
        }
      }
    }
  }
}
