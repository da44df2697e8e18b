package io.switchboard.events.data;

import io.switchboard.events.AccountRef;
import java.time.Instant;

/**
 * Someone started or stopped typing. Ephemeral: it lives on a short-retention topic and is ignored
 * after {@code expiresAt}.
 *
 * @param conversationId the conversation (Kafka key)
 * @param sender who is typing
 * @param typing true when typing started, false when it stopped
 * @param expiresAt after this time the indicator is stale
 */
public record Typing(String conversationId, AccountRef sender, boolean typing, Instant expiresAt)
    implements ConversationEvent {}
