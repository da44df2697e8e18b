package io.switchboard.gateway.websocket;

import io.smallrye.mutiny.Uni;
import io.switchboard.gateway.log.ConversationLog;
import io.switchboard.gateway.log.ConversationLookup;
import io.switchboard.gateway.log.ConversationLookup.Written;
import io.switchboard.gateway.log.SwitchboardConversations;
import io.switchboard.gateway.routing.RoutingViewLoader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Who may write where. A person writes in the conversations they are a member of, and sends to a
 * Switchboard direct conversation between themselves and another known person even before it exists
 * (its first message creates it). Any member reacts to and reads a message; only the person who
 * sent it edits or unsends it. Each check fails with the refusal the client is answered with.
 */
@ApplicationScoped
public class ConversationAccess {
  private final ConversationLog log;
  private final ConversationLookup lookup;
  private final RoutingViewLoader routing;

  public ConversationAccess(
      ConversationLog log, ConversationLookup lookup, RoutingViewLoader routing) {
    this.log = log;
    this.lookup = lookup;
    this.routing = routing;
  }

  Uni<Void> member(String conversationId, Actor actor) {
    return log.lastSeqFor(conversationId, actor.personId())
        .map(
            last -> {
              if (last.isEmpty()) {
                throw notAMember();
              }
              return null;
            });
  }

  private static FrameRefused notAMember() {
    return new FrameRefused("not_a_member", "no such conversation of yours");
  }

  /** Whether the actor may send a message into the conversation. */
  Uni<Void> sender(String conversationId, Actor actor) {
    boolean direct =
        SwitchboardConversations.otherPerson(conversationId, actor.personId())
            .filter(other -> routing.view().person(other).isPresent())
            .isPresent();
    return direct ? Uni.createFrom().voidItem() : member(conversationId, actor);
  }

  /**
   * The message exists in the conversation (membership checked before); {@code field} names it in
   * the refusal.
   */
  Uni<Written> exists(String conversationId, String messageId, String field) {
    return lookup
        .message(conversationId, messageId)
        .map(
            written ->
                written.orElseThrow(
                    () ->
                        new FrameRefused(
                            "unknown_message", field + ": no such message in the conversation")));
  }

  /** The actor is a member and the message exists. */
  Uni<Written> message(String conversationId, String messageId, Actor actor) {
    return member(conversationId, actor)
        .chain(() -> exists(conversationId, messageId, "messageId"));
  }

  /** The actor is a member and every one of the messages is in the conversation (one query). */
  Uni<Void> messages(String conversationId, List<String> messageIds, Actor actor) {
    return lookup
        .messagesIn(conversationId, actor.personId(), messageIds)
        .map(
            asMember -> {
              Set<String> found = asMember.orElseThrow(ConversationAccess::notAMember);
              for (String messageId : messageIds) {
                if (!found.contains(messageId)) {
                  throw new FrameRefused(
                      "unknown_message",
                      "messageIds: no message " + messageId + " in the conversation");
                }
              }
              return null;
            });
  }

  /** The actor is a member and sent the message. */
  Uni<Void> ownMessage(String conversationId, String messageId, Actor actor) {
    return message(conversationId, messageId, actor)
        .map(
            written -> {
              if (!actor.personId().equals(written.senderPersonId())) {
                throw new FrameRefused("not_yours", "messageId: only its sender may change it");
              }
              return null;
            });
  }

  /** Every person is known in the routing view. */
  void known(Collection<String> personIds) {
    for (String personId : personIds) {
      if (routing.view().person(personId).isEmpty()) {
        throw new FrameRefused("unknown_person", "members: no person " + personId);
      }
    }
  }
}
