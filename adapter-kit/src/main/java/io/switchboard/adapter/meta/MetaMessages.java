package io.switchboard.adapter.meta;

import static io.switchboard.adapter.meta.MetaMapping.event;
import static io.switchboard.adapter.meta.MetaMapping.skipped;

import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageDeleted;
import io.switchboard.events.data.MessageEdited;

/** Messages, unsends, edits and postbacks. */
final class MetaMessages {
  private MetaMessages() {}

  static MetaMapping created(MetaEventContext c, MetaMessaging.Message message) {
    if (message.mid() == null) {
      return skipped("message.without_mid");
    }
    String replyTo =
        message.replyTo() == null ? null : MetaContent.blankToNull(message.replyTo().mid());
    return event(
        new MessageCreated(
            c.conversationId(),
            message.mid(),
            c.actor(),
            c.counterpart(),
            MetaContent.of(message),
            replyTo,
            null,
            null,
            c.at(),
            c.receivedAt()),
        message.mid());
  }

  /** An unsend ({@code is_deleted}), by the user or, as an echo, by the page. */
  static MetaMapping deleted(MetaEventContext c, MetaMessaging.Message message) {
    if (message.mid() == null) {
      return skipped("message.without_mid");
    }
    return event(
        new MessageDeleted(c.conversationId(), message.mid(), c.actor(), c.at(), c.receivedAt()),
        message.mid());
  }

  /** An edit of the original message; each edit ({@code num_edit}) is its own event. */
  static MetaMapping edited(MetaEventContext c, MetaMessaging.MessageEdit edit) {
    String text = MetaContent.blankToNull(edit.text());
    if (edit.mid() == null || text == null) {
      return skipped("message_edit.incomplete");
    }
    String edition = edit.numEdit() != null ? "edit-" + edit.numEdit() : "at-" + c.epochMillis();
    return event(
        new MessageEdited(
            c.conversationId(),
            edit.mid(),
            c.actor(),
            PlainContent.text(text),
            c.at(),
            c.receivedAt()),
        edit.mid(),
        edition);
  }

  /**
   * A button tapped reads as the button's title, as the person saw it in the thread. The
   * developer's payload has no place in the contract and is not kept.
   */
  static MetaMapping postback(MetaEventContext c, MetaMessaging.Postback postback) {
    String title = MetaContent.blankToNull(postback.title());
    if (title == null) {
      return skipped("postback.without_title");
    }
    String[] ids =
        postback.mid() != null
            ? new String[] {postback.mid()}
            : new String[] {
              "postback", c.actorId(), c.epochMillis(), String.valueOf(postback.payload())
            };
    String messageId =
        postback.mid() != null
            ? postback.mid()
            : EventIds.forPlatformEvent(c.platform(), EventType.MESSAGE_CREATED, ids);
    return event(
        new MessageCreated(
            c.conversationId(),
            messageId,
            c.actor(),
            c.counterpart(),
            PlainContent.text(title),
            null,
            null,
            null,
            c.at(),
            c.receivedAt()),
        ids);
  }
}
