package io.switchboard.events.data;

import io.switchboard.events.AccountRef;
import java.time.Instant;
import java.util.List;

/**
 * A conversation was created or changed: members, name or theme. Only Switchboard groups carry
 * member lists; WhatsApp groups stay opaque to the mesh.
 *
 * @param conversationId the conversation (Kafka key)
 * @param actor who made the change
 * @param change what changed
 * @param memberPersonIds the persons added or removed, or every member on creation
 * @param name the new name, for created and renamed
 * @param theme the new theme colour, for created and theme changed
 * @param changedAt when the change was made
 */
public record ConversationChanged(
    String conversationId,
    AccountRef actor,
    ConversationChange change,
    List<String> memberPersonIds,
    String name,
    String theme,
    Instant changedAt)
    implements ConversationEvent {
  public ConversationChanged {
    memberPersonIds = memberPersonIds == null ? List.of() : List.copyOf(memberPersonIds);
  }
}
