package io.switchboard.gateway.fanout;

import io.switchboard.events.content.Content;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.ConversationEvent;
import io.switchboard.events.data.MessageDeleted;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import java.util.List;

/**
 * What an app shows for what it cannot show itself. The platform APIs the adapters send through
 * take new messages only, so an edit, an unsend or a reaction crosses to an app as a visible text
 * marked {@code fallback}, and a group message carries the group's name, since it reaches the app
 * in the person's conversation with the business account. Sealed content is never turned into text:
 * a sealed edit crosses as the new sealed message (to end-to-end capable endpoints only).
 */
final class Fallbacks {
  private Fallbacks() {}

  /**
   * The content an app receives for an edit, unsend or reaction. A reaction does not quote the
   * message: it may have been unsent or edited since, and its old text must not travel again.
   */
  static Content of(ConversationEvent event) {
    if (event instanceof MessageEdited edited) {
      if (edited.content() instanceof PlainContent plain) {
        return new PlainContent(
            "Edited: " + nullToEmpty(plain.text()), plain.attachments(), null, true);
      }
      return edited.content();
    }
    if (event instanceof MessageDeleted) {
      return text("Unsent a message");
    }
    if (event instanceof ReactionAdded reaction) {
      return text("Reacted " + reaction.reaction() + " to a message");
    }
    if (event instanceof ReactionRemoved) {
      return text("Removed a reaction");
    }
    throw new IllegalArgumentException("no fallback for " + event.getClass().getSimpleName());
  }

  /** A group message as an app shows it: the group's name first. */
  static Content inGroup(Content content, String groupName) {
    if (!(content instanceof PlainContent plain)) {
      return content;
    }
    String name = groupName == null || groupName.isBlank() ? "group" : groupName;
    return new PlainContent(
        "[" + name + "] " + nullToEmpty(plain.text()),
        plain.attachments(),
        plain.storyReply(),
        plain.fallback());
  }

  private static PlainContent text(String text) {
    return new PlainContent(text, List.of(), null, true);
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
