package io.switchboard.whatsapp.inbound;

import static io.switchboard.whatsapp.inbound.InboundContext.blank;
import static io.switchboard.whatsapp.inbound.InboundMapping.event;
import static io.switchboard.whatsapp.inbound.InboundMapping.skipped;

import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.content.Content;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Messages from WhatsApp users, and sealed pushes, as mesh events. A direct message belongs to the
 * conversation of the business number with its sender, addressed to the business number; a group
 * message to the group's opaque conversation, with no recipient. {@code context.id} is the message
 * replied to. Every event id is WhatsApp's {@code wamid} of the message (a reaction is a message of
 * its own), so a redelivery has the same id.
 */
final class WhatsappMessages {
  private final WhatsappContent content;
  private final SealedPushReader sealed;

  WhatsappMessages(WhatsappContent content, SealedPushReader sealed) {
    this.content = content;
    this.sealed = sealed;
  }

  InboundMapping map(InboundContext c, WaMessage message) {
    if (blank(message.id())) {
      return skipped("message.without_id");
    }
    String type = message.type() == null ? "" : message.type().toLowerCase(Locale.ROOT);
    if ("reaction".equals(type)) {
      return reaction(c, message);
    }
    Optional<? extends Content> mapped =
        "sealed".equals(type)
            ? Optional.of(sealed.read(message.id(), message.sealed()))
            : content.of(message);
    if (mapped.isEmpty()) {
      return skipped(skipKind(type, message));
    }
    Sender from = Sender.of(c, message);
    String replyTo =
        message.context() == null || blank(message.context().id()) ? null : message.context().id();
    return event(
        new MessageCreated(
            from.conversationId(),
            message.id(),
            from.account(),
            from.recipient(),
            mapped.get(),
            replyTo,
            null,
            null,
            from.at(),
            c.receivedAt()),
        from.at(),
        message.id());
  }

  /** An emoji reacts to {@code message_id}; an empty emoji takes the sender's reaction back. */
  private static InboundMapping reaction(InboundContext c, WaMessage message) {
    WaMessage.Reaction reaction = message.reaction();
    if (reaction == null || blank(reaction.messageId())) {
      return skipped("reaction.without_message_id");
    }
    Sender from = Sender.of(c, message);
    if (blank(reaction.emoji())) {
      return event(
          new ReactionRemoved(
              from.conversationId(),
              reaction.messageId(),
              from.account(),
              null,
              from.at(),
              c.receivedAt()),
          from.at(),
          message.id());
    }
    return event(
        new ReactionAdded(
            from.conversationId(),
            reaction.messageId(),
            from.account(),
            reaction.emoji(),
            from.at(),
            c.receivedAt()),
        from.at(),
        message.id());
  }

  private static String skipKind(String type, WaMessage message) {
    if ("interactive".equals(type) && message.interactive() != null) {
      return "interactive." + message.interactive().type();
    }
    return "message." + (type.isEmpty() ? "without_type" : type);
  }

  /** Who sent a message, when, and where it belongs. */
  private record Sender(
      String conversationId, AccountRef account, AccountRef recipient, Instant at) {
    static Sender of(InboundContext c, WaMessage message) {
      String senderId = c.senderId(message);
      Instant at = InboundContext.epochSeconds(message.timestamp(), "a message");
      String groupId = message.groupIdOrNull();
      AccountRef account = AccountRef.of(Platform.WHATSAPP, senderId);
      if (groupId != null) {
        return new Sender(InboundContext.group(groupId), account, null, at);
      }
      return new Sender(c.direct(senderId), account, c.business(), at);
    }
  }
}
