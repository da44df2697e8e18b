package io.switchboard.events.data;

import io.switchboard.events.AccountRef;
import java.time.Instant;

/**
 * A message was unsent (deleted for everyone) by its sender.
 *
 * @param conversationId the conversation (Kafka key)
 * @param messageId the message that was unsent
 * @param sender the account that unsent it
 * @param deletedAt provider timestamp of the unsend
 * @param receivedAt when the mesh received it
 */
public record MessageDeleted(
    String conversationId,
    String messageId,
    AccountRef sender,
    Instant deletedAt,
    Instant receivedAt)
    implements ConversationEvent {}
