package io.switchboard.gateway.fanout;

import io.switchboard.events.content.Content;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.data.ConversationEvent;
import io.switchboard.events.data.MessageCreated;
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
  static final int QUOTE_LENGTH = 60;

  private Fallbacks() {}

  /** The content an app receives for an edit, unsend or reaction of {@code original}. */
  static Content of(ConversationEvent event, MessageCreated original) {
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
      return text("Reacted " + reaction.reaction() + quote(original));
    }
    if (event instanceof ReactionRemoved) {
      return text("Removed a reaction" + quote(original));
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

  private static String quote(MessageCreated original) {
    if (original == null
        || original.content() instanceof SealedContent
        || !(original.content() instanceof PlainContent plain)
        || plain.text() == null
        || plain.text().isBlank()) {
      return " to a message";
    }
    String text = plain.text().strip();
    if (text.codePointCount(0, text.length()) > QUOTE_LENGTH) {
      text = text.substring(0, text.offsetByCodePoints(0, QUOTE_LENGTH)) + "…";
    }
    return " to \"" + text + "\"";
  }

  private static PlainContent text(String text) {
    return new PlainContent(text, List.of(), null, true);
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }
}
