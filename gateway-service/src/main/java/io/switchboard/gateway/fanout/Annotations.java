package io.switchboard.gateway.fanout;

import io.switchboard.events.AccountRef;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.content.Content;
import io.switchboard.events.data.ConversationEvent;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageDeleted;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import java.time.Instant;

/** What edits, unsends and reactions have in common: the message they name and who acts. */
final class Annotations {
  private Annotations() {}

  static String messageId(ConversationEvent event) {
    if (event instanceof MessageEdited e) {
      return e.messageId();
    }
    if (event instanceof MessageDeleted e) {
      return e.messageId();
    }
    if (event instanceof ReactionAdded e) {
      return e.messageId();
    }
    if (event instanceof ReactionRemoved e) {
      return e.messageId();
    }
    throw new IllegalArgumentException(event.getClass().getSimpleName());
  }

  static AccountRef actor(ConversationEvent event) {
    if (event instanceof MessageEdited e) {
      return e.sender();
    }
    if (event instanceof MessageDeleted e) {
      return e.sender();
    }
    if (event instanceof ReactionAdded e) {
      return e.sender();
    }
    if (event instanceof ReactionRemoved e) {
      return e.sender();
    }
    throw new IllegalArgumentException(event.getClass().getSimpleName());
  }

  /** Edits and unsends belong to the message's sender; anyone in the conversation reacts. */
  static boolean authorOnly(ConversationEvent event) {
    return event instanceof MessageEdited || event instanceof MessageDeleted;
  }

  /**
   * The new message an app receives instead: from the actor to the other side of the original
   * message, with the fallback content, its own message id.
   */
  static MessageCreated fallbackMessage(
      MeshEvent<?> event, MessageCreated original, AccountRef actor, Content content) {
    AccountRef to = actor.equals(original.sender()) ? original.recipient() : original.sender();
    Instant at = event.time();
    return new MessageCreated(
        original.conversationId(),
        "fb." + event.id(),
        actor,
        to,
        content,
        null,
        null,
        null,
        at,
        at);
  }
}
