package io.switchboard.events.data;

import io.switchboard.events.AccountRef;
import java.time.Instant;
import java.util.List;

/**
 * A delivery state reached by messages of a conversation: for named messages (WhatsApp statuses,
 * client acknowledgements) or for every message up to a watermark (Messenger and Instagram read and
 * delivery receipts).
 *
 * @param conversationId the conversation (Kafka key)
 * @param account the account whose app reports the state (the reader, for {@code read})
 * @param status the state reached
 * @param messageIds the messages concerned; empty when a watermark is given
 * @param watermark every message sent up to this time reached the state; absent when message ids
 *     are given
 * @param errorCode for {@code failed}: the platform's or the mesh's error code
 * @param errorReason for {@code failed}: why, readable, never message content
 * @param reportedAt provider timestamp of the state change
 * @param receivedAt when the mesh received it
 */
public record Receipt(
    String conversationId,
    AccountRef account,
    ReceiptStatus status,
    List<String> messageIds,
    Instant watermark,
    String errorCode,
    String errorReason,
    Instant reportedAt,
    Instant receivedAt)
    implements ConversationEvent {
  public Receipt {
    messageIds = messageIds == null ? List.of() : List.copyOf(messageIds);
  }
}
