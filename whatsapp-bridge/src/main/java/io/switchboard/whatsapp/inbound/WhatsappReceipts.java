package io.switchboard.whatsapp.inbound;

import static io.switchboard.whatsapp.inbound.InboundContext.blank;
import static io.switchboard.whatsapp.inbound.InboundMapping.event;
import static io.switchboard.whatsapp.inbound.InboundMapping.skipped;

import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Statuses of the business's own messages as receipts. Each status is published as it comes, with
 * WhatsApp's timestamp, even when it arrives out of order (a {@code read} before its {@code
 * delivered}): consumers apply {@link ReceiptStatus#advance}, which never moves a message back.
 * {@code played} (a voice message was played) is a {@code read}: it implies the message was seen. A
 * failure carries WhatsApp's error code only, never a title, message or details.
 */
final class WhatsappReceipts {
  /** The error code of a failure WhatsApp gave no code for. */
  static final String UNKNOWN_ERROR = "unknown";

  private WhatsappReceipts() {}

  static InboundMapping map(InboundContext c, WaStatus status) {
    if (blank(status.id())) {
      return skipped("status.without_id");
    }
    String name = status.status() == null ? "" : status.status().toLowerCase(Locale.ROOT);
    ReceiptStatus receiptStatus = statusOf(name);
    if (receiptStatus == null) {
      return skipped("status." + name);
    }
    Instant at = InboundContext.epochSeconds(status.timestamp(), "a status");
    String conversationId;
    String accountId;
    if (status.toGroup()) {
      conversationId = InboundContext.group(c.recipientId(status));
      // A member's device reports delivered and read; the group as a whole was sent by the
      // business.
      accountId =
          blank(status.recipientParticipantId())
              ? c.phoneNumberId()
              : InboundContext.waId(status.recipientParticipantId());
    } else {
      accountId = c.recipientId(status);
      conversationId = c.direct(accountId);
    }
    String errorCode = receiptStatus == ReceiptStatus.FAILED ? errorCode(status) : null;
    Receipt receipt =
        new Receipt(
            conversationId,
            AccountRef.of(Platform.WHATSAPP, accountId),
            receiptStatus,
            List.of(status.id()),
            null,
            errorCode,
            null,
            at,
            c.receivedAt());
    // WhatsApp's own status name tells played from read: each is its own event.
    return event(receipt, at, status.id(), name, accountId);
  }

  private static ReceiptStatus statusOf(String name) {
    return switch (name) {
      case "sent" -> ReceiptStatus.SENT;
      case "delivered" -> ReceiptStatus.DELIVERED;
      case "read", "played" -> ReceiptStatus.READ;
      case "failed" -> ReceiptStatus.FAILED;
      default -> null;
    };
  }

  private static String errorCode(WaStatus status) {
    return status.errors().stream()
        .map(WaStatus.Error::code)
        .filter(code -> code != null)
        .map(String::valueOf)
        .findFirst()
        .orElse(UNKNOWN_ERROR);
  }
}
