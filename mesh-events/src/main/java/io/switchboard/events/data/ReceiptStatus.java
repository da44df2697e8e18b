package io.switchboard.events.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Delivery states of a message. They only move forward ({@code sent < delivered < read}); a late
 * event never downgrades a state. {@code failed} ends a message that was never delivered.
 */
public enum ReceiptStatus {
  SENT(1),
  DELIVERED(2),
  READ(3),
  FAILED(0);

  private final int rank;

  ReceiptStatus(int rank) {
    this.rank = rank;
  }

  /**
   * The state after {@code next} arrives in state {@code this}: the later of the two, so that
   * out-of-order receipts never move a message backwards. A failure only counts before the message
   * was delivered.
   */
  public ReceiptStatus advance(ReceiptStatus next) {
    if (next == FAILED) {
      return this == DELIVERED || this == READ ? this : FAILED;
    }
    if (this == FAILED) {
      return next == SENT ? FAILED : next;
    }
    return next.rank > rank ? next : this;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ReceiptStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
