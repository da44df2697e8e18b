package io.switchboard.events.data;

import io.switchboard.events.AccountRef;
import java.time.Instant;

/**
 * Someone reacted to a message.
 *
 * @param conversationId the conversation (Kafka key)
 * @param messageId the message reacted to
 * @param sender the account that reacted
 * @param reaction the emoji
 * @param reactedAt provider timestamp
 * @param receivedAt when the mesh received it
 */
public record ReactionAdded(
    String conversationId,
    String messageId,
    AccountRef sender,
    String reaction,
    Instant reactedAt,
    Instant receivedAt)
    implements ConversationEvent {}
