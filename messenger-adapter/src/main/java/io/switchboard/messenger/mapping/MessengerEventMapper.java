package io.switchboard.messenger.mapping;

import io.switchboard.adapter.meta.MetaEntry;
import io.switchboard.adapter.meta.MetaMessaging;
import io.switchboard.adapter.meta.MetaWebhook;
import io.switchboard.events.AccountRef;
import io.switchboard.events.ConversationIds;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.content.StoryRef;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.service.rest.ApiException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Messenger Platform webhooks ({@code object: page}) to mesh events. Echoes of the page's own sends
 * are skipped: the mesh sent them and already has them. Event ids derive from Meta's ids, so a
 * redelivered webhook maps to the same ids.
 */
public final class MessengerEventMapper {
  static final URI SOURCE = MeshEvent.sourceOf("messenger-adapter");
  private static final Platform PLATFORM = Platform.MESSENGER;

  private final Clock clock;

  public MessengerEventMapper(Clock clock) {
    this.clock = clock;
  }

  public List<MeshEvent<EventData>> toEvents(MetaWebhook webhook) {
    if (!"page".equals(webhook.object())) {
      throw new ApiException(400, "unsupported_object", "a Messenger webhook has object \"page\"");
    }
    Instant receivedAt = clock.instant();
    List<MeshEvent<EventData>> events = new ArrayList<>();
    for (MetaEntry entry : webhook.entry()) {
      for (MetaMessaging messaging : entry.messaging()) {
        map(entry, messaging, receivedAt).ifPresent(events::add);
      }
    }
    return events;
  }

  private Optional<MeshEvent<EventData>> map(
      MetaEntry entry, MetaMessaging messaging, Instant receivedAt) {
    if (messaging.sender() == null || messaging.sender().id() == null) {
      throw new ApiException(400, "malformed_body", "a messaging event has no sender.id");
    }
    if (messaging.timestamp() == null) {
      throw new ApiException(400, "malformed_body", "a messaging event has no timestamp");
    }
    String pageId = entry.id();
    String userId = messaging.sender().id();
    AccountRef user = AccountRef.of(PLATFORM, userId);
    String conversationId = ConversationIds.direct(PLATFORM, pageId, userId);
    Instant at = Instant.ofEpochMilli(messaging.timestamp());

    if (messaging.message() != null) {
      MetaMessaging.Message message = messaging.message();
      if (message.echo()) {
        return Optional.empty();
      }
      MessageCreated created =
          new MessageCreated(
              conversationId,
              message.mid(),
              user,
              AccountRef.of(PLATFORM, pageId),
              content(message),
              message.replyTo() == null ? null : message.replyTo().mid(),
              null,
              null,
              at,
              receivedAt);
      return event(at, created, message.mid());
    }
    if (messaging.messageEdit() != null) {
      MetaMessaging.MessageEdit edit = messaging.messageEdit();
      MessageEdited edited =
          new MessageEdited(
              conversationId, edit.mid(), user, PlainContent.text(edit.text()), at, receivedAt);
      return event(at, edited, edit.mid(), String.valueOf(edit.numEdit()));
    }
    if (messaging.reaction() != null) {
      return reaction(conversationId, user, messaging.reaction(), at, receivedAt);
    }
    if (messaging.read() != null && messaging.read().watermark() != null) {
      Instant watermark = Instant.ofEpochMilli(messaging.read().watermark());
      Receipt read =
          new Receipt(
              conversationId,
              user,
              ReceiptStatus.READ,
              List.of(),
              watermark,
              null,
              null,
              at,
              receivedAt);
      return event(at, read, "read", userId, watermark.toString());
    }
    if (messaging.delivery() != null) {
      MetaMessaging.Delivery delivery = messaging.delivery();
      Instant watermark =
          delivery.watermark() == null ? null : Instant.ofEpochMilli(delivery.watermark());
      Receipt delivered =
          new Receipt(
              conversationId,
              user,
              ReceiptStatus.DELIVERED,
              delivery.mids(),
              watermark,
              null,
              null,
              at,
              receivedAt);
      return event(
          at,
          delivered,
          "delivery",
          userId,
          String.valueOf(watermark),
          String.join(",", delivery.mids()));
    }
    return Optional.empty();
  }

  private Optional<MeshEvent<EventData>> reaction(
      String conversationId,
      AccountRef user,
      MetaMessaging.Reaction reaction,
      Instant at,
      Instant receivedAt) {
    String emoji = reaction.emoji() != null ? reaction.emoji() : reaction.reaction();
    String action =
        reaction.action() == null ? "react" : reaction.action().toLowerCase(Locale.ROOT);
    String[] ids = {reaction.mid(), user.accountId(), action, String.valueOf(at.toEpochMilli())};
    if ("unreact".equals(action)) {
      return event(
          at,
          new ReactionRemoved(conversationId, reaction.mid(), user, emoji, at, receivedAt),
          ids);
    }
    return event(
        at, new ReactionAdded(conversationId, reaction.mid(), user, emoji, at, receivedAt), ids);
  }

  private static PlainContent content(MetaMessaging.Message message) {
    List<MediaRef> attachments = new ArrayList<>();
    for (MetaMessaging.Attachment attachment : message.attachments()) {
      if (attachment.payload() != null && attachment.payload().url() != null) {
        String kind =
            attachment.payload().stickerId() != null ? "sticker" : kind(attachment.type());
        attachments.add(new MediaRef(kind, attachment.payload().url(), null, null));
      }
    }
    StoryRef story = null;
    if (message.replyTo() != null && message.replyTo().story() != null) {
      story = new StoryRef(message.replyTo().story().id(), message.replyTo().story().url());
    }
    return new PlainContent(message.text(), attachments, story, false);
  }

  private static String kind(String type) {
    return switch (type == null ? "" : type) {
      case "image", "audio", "video" -> type;
      default -> "file";
    };
  }

  private static Optional<MeshEvent<EventData>> event(
      Instant at, EventData data, String... platformIds) {
    String id = EventIds.forPlatformEvent(PLATFORM, EventType.of(data), platformIds);
    return Optional.of(MeshEvent.of(id, SOURCE, at, data));
  }
}
