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

  /** The message an edit, unsend or reaction names, and the account that acts on it. */
  record Target(String messageId, AccountRef actor) {}

  static Target target(ConversationEvent event) {
    if (event instanceof MessageEdited e) {
      return new Target(e.messageId(), e.sender());
    }
    if (event instanceof MessageDeleted e) {
      return new Target(e.messageId(), e.sender());
    }
    if (event instanceof ReactionAdded e) {
      return new Target(e.messageId(), e.sender());
    }
    if (event instanceof ReactionRemoved e) {
      return new Target(e.messageId(), e.sender());
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
