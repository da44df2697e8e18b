package io.switchboard.adapter.meta;

import static io.switchboard.adapter.meta.MetaMapping.event;
import static io.switchboard.adapter.meta.MetaMapping.skipped;

import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import java.time.Instant;
import java.util.List;

/** Reads, deliveries and echoes: delivery states, which consumers only ever move forward. */
final class MetaReceipts {
  private MetaReceipts() {}

  /** The page's own send came back: delivery evidence for the mesh's message, never a new one. */
  static MetaMapping echo(MetaEventContext c, MetaMessaging.Message message) {
    if (message.mid() == null) {
      return skipped("message_echoes.without_mid");
    }
    // The sender of an echo is the page: the receipt is the page's.
    return event(
        receipt(c, ReceiptStatus.SENT, List.of(message.mid()), null), "echo", message.mid());
  }

  /** Messenger reads up to a watermark; Instagram's {@code messaging_seen} names one message. */
  static MetaMapping read(MetaEventContext c, MetaMessaging.Read read) {
    Instant watermark = read.watermark() == null ? null : Instant.ofEpochMilli(read.watermark());
    List<String> mids = read.mid() == null ? List.of() : List.of(read.mid());
    if (watermark == null && mids.isEmpty()) {
      return skipped("read.empty");
    }
    String upTo = watermark != null ? watermark.toString() : read.mid();
    return event(receipt(c, ReceiptStatus.READ, mids, watermark), "read", c.actorId(), upTo);
  }

  static MetaMapping delivered(MetaEventContext c, MetaMessaging.Delivery delivery) {
    Instant watermark =
        delivery.watermark() == null ? null : Instant.ofEpochMilli(delivery.watermark());
    if (watermark == null && delivery.mids().isEmpty()) {
      return skipped("delivery.empty");
    }
    return event(
        receipt(c, ReceiptStatus.DELIVERED, delivery.mids(), watermark),
        "delivery",
        c.actorId(),
        String.valueOf(watermark),
        String.join(",", delivery.mids()));
  }

  private static Receipt receipt(
      MetaEventContext c, ReceiptStatus status, List<String> mids, Instant watermark) {
    return new Receipt(
        c.conversationId(), c.actor(), status, mids, watermark, null, null, c.at(), c.receivedAt());
  }
}
