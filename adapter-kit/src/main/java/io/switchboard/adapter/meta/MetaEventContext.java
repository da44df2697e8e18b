package io.switchboard.adapter.meta;

import io.switchboard.events.AccountRef;
import io.switchboard.events.ConversationIds;
import io.switchboard.events.Platform;
import io.switchboard.service.rest.ApiException;
import java.time.Instant;

/**
 * What every event of one messaging item shares. The conversation is always the page's (or
 * professional account's) with the user; the actor is the user, or the page itself for echoes and
 * the page's own actions.
 */
record MetaEventContext(
    Platform platform,
    String pageId,
    String userId,
    String actorId,
    Instant at,
    Instant receivedAt) {

  static MetaEventContext of(
      Platform platform, MetaEntry entry, MetaMessaging messaging, Instant receivedAt) {
    if (entry.id() == null) {
      throw new ApiException(400, "malformed_body", "an entry has no id");
    }
    if (messaging.sender() == null || messaging.sender().id() == null) {
      throw new ApiException(400, "malformed_body", "a messaging event has no sender.id");
    }
    if (messaging.timestamp() == null) {
      throw new ApiException(400, "malformed_body", "a messaging event has no timestamp");
    }
    String actorId = messaging.sender().id();
    String userId = actorId;
    if (actorId.equals(entry.id())) {
      userId = messaging.recipient() == null ? null : messaging.recipient().id();
      if (userId == null) {
        throw new ApiException(
            400, "malformed_body", "a messaging event sent by the page has no recipient.id");
      }
    }
    Instant at = Instant.ofEpochMilli(messaging.timestamp());
    return new MetaEventContext(platform, entry.id(), userId, actorId, at, receivedAt);
  }

  String conversationId() {
    return ConversationIds.direct(platform, pageId, userId);
  }

  AccountRef actor() {
    return AccountRef.of(platform, actorId);
  }

  AccountRef page() {
    return AccountRef.of(platform, pageId);
  }

  /** Who a message by the actor went to. */
  AccountRef counterpart() {
    return AccountRef.of(platform, actorId.equals(pageId) ? userId : pageId);
  }

  String epochMillis() {
    return String.valueOf(at.toEpochMilli());
  }
}
