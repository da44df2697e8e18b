package io.switchboard.whatsapp.outbound;

import io.switchboard.adapter.outbound.OutboundPlan;
import io.switchboard.adapter.outbound.RateClass;
import io.switchboard.adapter.outbound.SendApiMapping;
import io.switchboard.adapter.outbound.SendRequest;
import io.switchboard.adapter.outbound.TextChunks;
import io.switchboard.events.AccountRef;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.Content;
import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.data.ConversationEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageDeleted;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.data.Typing;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Mesh events as WhatsApp Cloud API calls ({@code POST /<version>/<phone-number-id>/messages}). The
 * conversation {@code whatsapp:<phone-number-id>:<user>} names the business phone number that sends
 * and the user (wa_id or business-scoped user id) it reaches.
 *
 * <ul>
 *   <li>Text is a {@code text} message, split at 4096 characters; a reply carries {@code
 *       context.message_id} on its first part.
 *   <li>Media go by link, one message each ({@code image}, {@code audio}, {@code video}, {@code
 *       document}, {@code sticker} for WebP stickers); the caption rides on images, videos and
 *       documents and follows as a text after audio and stickers. A GIF, which the Cloud API cannot
 *       send by link as an image, and media without a URL cross as visible texts.
 *   <li>Sealed content is sent in the sealed dialect ({@code type: sealed}), envelopes as they are:
 *       never in clear, never opened.
 *   <li>Reactions are {@code type: reaction}; removing one sends an empty emoji.
 *   <li>A read receipt marks the last message it names as read; typing marks the user's last
 *       message read with {@code typing_indicator}, when that message is known (see {@link
 *       LastUserMessages}), and is skipped otherwise, as is "stopped typing" (WhatsApp ends the
 *       indicator itself after 25 seconds or with the next message).
 *   <li>WhatsApp cannot edit or unsend a message already sent: an edit crosses as {@code ✏️ edited:
 *       …} and an unsend as {@code 🚫 message unsent}.
 * </ul>
 *
 * <p>Every call counts against one token bucket per phone number: the Cloud API's throughput limit
 * counts messages of every type together.
 */
public final class WhatsAppSendMapping implements SendApiMapping {
  /** The Cloud API's longest {@code text.body}, in characters. */
  static final int MAX_TEXT = 4096;

  /** The message type of the sealed dialect, Switchboard's own extension of the Cloud API. */
  static final String SEALED = "sealed";

  private final Clock clock;
  private final LastUserMessages lastUserMessages;

  /**
   * @param lastUserMessages the user's last message per conversation, for typing indicators; the
   *     mapping also records there the messages read receipts name
   */
  public WhatsAppSendMapping(Clock clock, LastUserMessages lastUserMessages) {
    this.clock = clock;
    this.lastUserMessages = lastUserMessages;
  }

  @Override
  public OutboundPlan plan(MeshEvent<EventData> event) {
    if (!(event.data() instanceof ConversationEvent data)) {
      return new OutboundPlan.Skip("not a conversation event");
    }
    Optional<Parties> parties = Parties.of(data);
    if (parties.isEmpty() && (data instanceof Typing || data instanceof Receipt)) {
      return new OutboundPlan.Skip("no WhatsApp user to show a typing indicator or read mark to");
    }
    if (parties.isEmpty()) {
      return new OutboundPlan.Refuse(
          null,
          "no_recipient",
          "the conversation names no WhatsApp phone number id and user (WhatsApp groups are not"
              + " sent to)");
    }
    Parties to = parties.get();
    if (data instanceof MessageCreated message) {
      return content(to, message.messageId(), message.content(), message.replyTo(), "");
    }
    if (data instanceof MessageEdited edit) {
      return content(to, edit.messageId(), edit.content(), null, "✏️ edited: ");
    }
    if (data instanceof MessageDeleted) {
      return send(to, List.of(SendRequest.fallback(text(to, "🚫 message unsent", null))));
    }
    if (data instanceof ReactionAdded reaction) {
      return send(
          to, List.of(SendRequest.of(reaction(to, reaction.messageId(), reaction.reaction()))));
    }
    if (data instanceof ReactionRemoved reaction) {
      return send(to, List.of(SendRequest.of(reaction(to, reaction.messageId(), ""))));
    }
    if (data instanceof Typing typing) {
      return typing(to, typing);
    }
    if (data instanceof Receipt receipt && receipt.status() == ReceiptStatus.READ) {
      return read(to, receipt);
    }
    return new OutboundPlan.Skip(event.type().ceType() + " has no Cloud API call");
  }

  private OutboundPlan typing(Parties to, Typing typing) {
    if (typing.expiresAt() != null && typing.expiresAt().isBefore(clock.instant())) {
      return new OutboundPlan.Skip("typing indicator expired");
    }
    if (!typing.typing()) {
      return new OutboundPlan.Skip("WhatsApp ends a typing indicator by itself");
    }
    Optional<String> last = lastUserMessages.last(typing.conversationId());
    if (last.isEmpty()) {
      return new OutboundPlan.Skip("no message of the user is known to show typing on");
    }
    JsonObject body =
        markRead(last.get()).put("typing_indicator", new JsonObject().put("type", "text"));
    return send(to, List.of(SendRequest.of(body)));
  }

  private OutboundPlan read(Parties to, Receipt receipt) {
    String messageId;
    if (!receipt.messageIds().isEmpty()) {
      // WhatsApp marks every earlier message of the conversation read with the last one.
      messageId = receipt.messageIds().get(receipt.messageIds().size() - 1);
      lastUserMessages.remember(receipt.conversationId(), messageId);
    } else {
      Optional<String> last = lastUserMessages.last(receipt.conversationId());
      if (last.isEmpty()) {
        return new OutboundPlan.Skip("a read watermark names no message WhatsApp could mark");
      }
      messageId = last.get();
    }
    return send(to, List.of(SendRequest.of(markRead(messageId))));
  }

  private OutboundPlan content(
      Parties to, String messageId, Content content, String replyTo, String prefix) {
    if (content instanceof SealedContent sealed) {
      return send(to, List.of(SendRequest.of(sealed(to, messageId, sealed, replyTo))));
    }
    if (!(content instanceof PlainContent plain)) {
      return new OutboundPlan.Refuse(
          to.user(), "unsupported_content", "the content is neither plain nor sealed");
    }
    boolean fallback = !prefix.isEmpty() || plain.fallback();
    List<SendRequest> requests = new ArrayList<>();
    String context = replyTo;
    if (plain.storyReply() != null) {
      String story = plain.storyReply().url() == null ? "a story" : plain.storyReply().url();
      requests.add(SendRequest.fallback(text(to, "↩️ replied to " + story, context)));
      context = null;
    }
    String body = plain.text() == null ? "" : plain.text();
    for (String chunk : TextChunks.split(prefix.isEmpty() ? body : prefix + body, MAX_TEXT)) {
      requests.add(new SendRequest(text(to, chunk, context), RateClass.TEXT, fallback));
      context = null;
    }
    for (MediaRef media : plain.attachments()) {
      requests.addAll(media(to, media, context));
      context = null;
    }
    if (requests.isEmpty()) {
      return new OutboundPlan.Refuse(
          to.user(), "empty_message", "the message has no text or media");
    }
    return send(to, requests);
  }

  /** One media message by link, and its caption as a text when the type takes none. */
  private static List<SendRequest> media(Parties to, MediaRef media, String context) {
    String kind = kindOf(media);
    if (media.url() == null || media.url().isBlank()) {
      return List.of(SendRequest.fallback(text(to, "📎 " + kind + " (not available)", context)));
    }
    if (kind.equals("gif")) {
      return withCaption(
          to, SendRequest.fallback(text(to, "🖼️ gif: " + media.url(), context)), media);
    }
    String type = mediaType(media);
    JsonObject object = new JsonObject().put("link", media.url());
    boolean captioned = type.equals("image") || type.equals("video") || type.equals("document");
    if (type.equals("document")) {
      fileName(media.url()).ifPresent(name -> object.put("filename", name));
    }
    if (captioned && media.caption() != null && !media.caption().isBlank()) {
      object.put("caption", media.caption());
    }
    SendRequest request = SendRequest.of(message(to, type, object, context));
    return captioned ? List.of(request) : withCaption(to, request, media);
  }

  private static List<SendRequest> withCaption(Parties to, SendRequest request, MediaRef media) {
    List<SendRequest> requests = new ArrayList<>();
    requests.add(request);
    if (media.caption() != null && !media.caption().isBlank()) {
      TextChunks.split(media.caption(), MAX_TEXT)
          .forEach(c -> requests.add(SendRequest.fallback(text(to, c, null))));
    }
    return requests;
  }

  /** The kind a viewer would name: {@code gif} for an animated image, else the media's kind. */
  static String kindOf(MediaRef media) {
    if ("image/gif".equalsIgnoreCase(media.mimeType())) {
      return "gif";
    }
    return media.kind() == null ? "file" : media.kind().toLowerCase(Locale.ROOT);
  }

  /**
   * The Cloud API's media type: images, audio, video, documents for files, and stickers when they
   * are WebP (the only sticker format WhatsApp takes; others go as images).
   */
  static String mediaType(MediaRef media) {
    return switch (kindOf(media)) {
      case "image" -> "image";
      case "audio" -> "audio";
      case "video" -> "video";
      case "sticker" -> "image/webp".equalsIgnoreCase(media.mimeType()) ? "sticker" : "image";
      default -> "document";
    };
  }

  /** The last segment of the URL's path, which WhatsApp shows as the document's name. */
  static Optional<String> fileName(String url) {
    try {
      String path = URI.create(url).getPath();
      if (path == null) {
        return Optional.empty();
      }
      String name = path.substring(path.lastIndexOf('/') + 1);
      return name.isBlank() ? Optional.empty() : Optional.of(name);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The sealed dialect: the envelopes exactly as the sender's device made them, with the message id
   * they are bound to (their {@code aad}), so the recipient's device can open them.
   */
  private static JsonObject sealed(
      Parties to, String messageId, SealedContent content, String replyTo) {
    JsonArray envelopes = new JsonArray();
    for (SealedEnvelope envelope : content.envelopes()) {
      envelopes.add(
          new JsonObject()
              .put("recipient_device_key_id", envelope.recipientDeviceKeyId())
              .put("enc", envelope.encapsulatedKey())
              .put("ciphertext", envelope.ciphertext()));
    }
    JsonObject sealed =
        new JsonObject()
            .put("algorithm", content.algorithm())
            .put("sender_device_key_id", content.senderDeviceKeyId())
            .put("message_id", messageId)
            .put("envelopes", envelopes);
    return message(to, SEALED, sealed, replyTo);
  }

  private static JsonObject text(Parties to, String text, String context) {
    return message(to, "text", new JsonObject().put("body", text), context);
  }

  private static JsonObject reaction(Parties to, String messageId, String emoji) {
    JsonObject reaction =
        new JsonObject().put("message_id", messageId).put("emoji", emoji == null ? "" : emoji);
    return message(to, "reaction", reaction, null);
  }

  private static JsonObject message(Parties to, String type, JsonObject object, String context) {
    JsonObject body =
        new JsonObject()
            .put("messaging_product", "whatsapp")
            .put("recipient_type", "individual")
            .put("to", to.user().accountId());
    if (context != null && !context.isBlank()) {
      body.put("context", new JsonObject().put("message_id", context));
    }
    return body.put("type", type).put(type, object);
  }

  private static JsonObject markRead(String messageId) {
    return new JsonObject()
        .put("messaging_product", "whatsapp")
        .put("status", "read")
        .put("message_id", messageId);
  }

  private static OutboundPlan send(Parties to, List<SendRequest> requests) {
    return new OutboundPlan.Send(to.phoneNumberId(), to.user(), requests);
  }

  /** The business phone number the calls are made from, and the user they reach. */
  record Parties(String phoneNumberId, AccountRef user) {
    /** The middle part of a WhatsApp group's conversation id ({@code whatsapp:group:<id>}). */
    static final String GROUP = "group";

    static Optional<Parties> of(ConversationEvent data) {
      String[] parts = data.conversationId().split(":", 3);
      boolean direct =
          parts.length == 3
              && parts[0].equals(Platform.WHATSAPP.wireName())
              && !parts[1].isEmpty()
              && !parts[1].equals(GROUP)
              && !parts[2].isEmpty();
      if (!direct) {
        return Optional.empty();
      }
      AccountRef user = AccountRef.of(Platform.WHATSAPP, parts[2]);
      if (data instanceof MessageCreated m
          && m.recipient() != null
          && m.recipient().platform() == Platform.WHATSAPP) {
        user = m.recipient();
      }
      return Optional.of(new Parties(parts[1], user));
    }
  }
}
