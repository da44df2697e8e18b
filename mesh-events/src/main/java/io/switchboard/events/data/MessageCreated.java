package io.switchboard.events.data;

import io.switchboard.events.AccountRef;
import io.switchboard.events.content.Content;
import java.time.Instant;

/**
 * A new message.
 *
 * @param conversationId the conversation (Kafka key)
 * @param messageId the platform's message id ({@code mid}, {@code wamid}) or the mesh's id for
 *     client sends
 * @param sender the account that wrote it
 * @param recipient the account it was sent to in a one-to-one conversation; absent for groups
 * @param content plain or sealed content
 * @param replyTo the message id this one answers, if any
 * @param sequence the per-conversation sequence number, assigned by the mesh; absent at the edge
 * @param clientNonce the sending client's nonce, kept so a resend is not a second message
 * @param sentAt when the sender's app says it was sent (provider timestamp)
 * @param receivedAt when the mesh received it
 */
public record MessageCreated(
    String conversationId,
    String messageId,
    AccountRef sender,
    AccountRef recipient,
    Content content,
    String replyTo,
    Long sequence,
    String clientNonce,
    Instant sentAt,
    Instant receivedAt)
    implements ConversationEvent {}
