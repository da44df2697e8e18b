package io.switchboard.events.data;

import io.switchboard.events.AccountRef;
import java.time.Instant;

/**
 * Someone took their reaction back.
 *
 * @param conversationId the conversation (Kafka key)
 * @param messageId the message the reaction was on
 * @param sender the account that removed it
 * @param reaction the emoji removed, when the platform says which
 * @param removedAt provider timestamp
 * @param receivedAt when the mesh received it
 */
public record ReactionRemoved(
    String conversationId,
    String messageId,
    AccountRef sender,
    String reaction,
    Instant removedAt,
    Instant receivedAt)
    implements ConversationEvent {}
