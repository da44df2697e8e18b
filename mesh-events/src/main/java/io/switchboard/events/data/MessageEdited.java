package io.switchboard.events.data;

import io.switchboard.events.AccountRef;
import io.switchboard.events.content.Content;
import java.time.Instant;

/**
 * A message's content was replaced by its sender.
 *
 * @param conversationId the conversation (Kafka key)
 * @param messageId the message that was edited
 * @param sender the account that edited it
 * @param content the new content
 * @param editedAt provider timestamp of the edit
 * @param receivedAt when the mesh received it
 */
public record MessageEdited(
    String conversationId,
    String messageId,
    AccountRef sender,
    Content content,
    Instant editedAt,
    Instant receivedAt)
    implements ConversationEvent {}
