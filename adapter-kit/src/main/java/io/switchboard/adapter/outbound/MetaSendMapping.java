package io.switchboard.adapter.outbound;

import io.switchboard.events.AccountRef;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.Content;
import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
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
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Mesh events as Send API calls of the Messenger Platform and the Instagram Messaging API, which
 * share one format. Text (split at 2000 characters), one call per attachment by URL, reactions,
 * typing and mark-seen map directly; an edit or an unsend, which the apps cannot apply to a message
 * already sent, crosses as a visible text; media kinds the app cannot show (a GIF or sticker on
 * Instagram) cross as a visible text with the URL; sealed content is never sent in clear and is
 * refused.
 */
public class MetaSendMapping implements SendApiMapping {
  static final int MAX_TEXT = 2000;
  static final String SEALED = "recipient-has-no-e2e-endpoint";

  private final Platform platform;
  private final Clock clock;
  private final Set<String> textFallbackKinds;

  /**
   * @param platform Messenger or Instagram: the conversations it serves are {@code
   *     <platform>:<page>:<user>}
   * @param textFallbackKinds media kinds the app cannot show ({@code sticker}, {@code gif}): sent
   *     as a text with the URL
   */
  public MetaSendMapping(Platform platform, Clock clock, Set<String> textFallbackKinds) {
    this.platform = platform;
    this.clock = clock;
    this.textFallbackKinds = Set.copyOf(textFallbackKinds);
  }

  @Override
  public OutboundPlan plan(MeshEvent<EventData> event) {
    if (!(event.data() instanceof ConversationEvent data)) {
      return new OutboundPlan.Skip("not a conversation event");
    }
    Optional<Parties> parties = Parties.of(platform, data);
    if (parties.isEmpty()) {
      return new OutboundPlan.Refuse(
          null,
          "no_recipient",
          "the conversation names no " + platform.wireName() + " account and user");
    }
    Parties to = parties.get();
    if (data instanceof MessageCreated message) {
      return content(to, message.content(), "");
    }
    if (data instanceof MessageEdited edit) {
      return content(to, edit.content(), "✏️ edited: ");
    }
    if (data instanceof MessageDeleted) {
      return send(to, List.of(SendRequest.fallback(text(to, "🚫 message unsent"))));
    }
    if (data instanceof ReactionAdded reaction) {
      return send(
          to,
          List.of(SendRequest.of(react(to, "react", reaction.messageId(), reaction.reaction()))));
    }
    if (data instanceof ReactionRemoved reaction) {
      return send(
          to,
          List.of(SendRequest.of(react(to, "unreact", reaction.messageId(), reaction.reaction()))));
    }
    if (data instanceof Typing typing) {
      if (typing.expiresAt() != null && typing.expiresAt().isBefore(clock.instant())) {
        return new OutboundPlan.Skip("typing indicator expired");
      }
      return send(
          to, List.of(SendRequest.of(action(to, typing.typing() ? "typing_on" : "typing_off"))));
    }
    if (data instanceof Receipt receipt && receipt.status() == ReceiptStatus.READ) {
      return send(to, List.of(SendRequest.of(action(to, "mark_seen"))));
    }
    return new OutboundPlan.Skip(event.type().ceType() + " has no Send API call");
  }

  private OutboundPlan content(Parties to, Content content, String prefix) {
    if (!(content instanceof PlainContent plain)) {
      return new OutboundPlan.Refuse(
          to.user(), SEALED, "sealed content is never sent to an app in clear");
    }
    boolean fallback = !prefix.isEmpty() || plain.fallback();
    List<SendRequest> requests = new ArrayList<>();
    String body = plain.text() == null ? "" : plain.text();
    String text = prefix.isEmpty() ? body : prefix + body;
    if (plain.storyReply() != null) {
      String story = plain.storyReply().url() == null ? "a story" : plain.storyReply().url();
      requests.add(SendRequest.fallback(text(to, "↩️ replied to " + story)));
    }
    for (String chunk : chunks(text)) {
      requests.add(new SendRequest(text(to, chunk), RateClass.TEXT, fallback));
    }
    for (MediaRef media : plain.attachments()) {
      requests.add(attachment(to, media));
      if (media.caption() != null && !media.caption().isBlank()) {
        chunks(media.caption()).forEach(c -> requests.add(SendRequest.fallback(text(to, c))));
      }
    }
    if (requests.isEmpty()) {
      return new OutboundPlan.Refuse(
          to.user(), "empty_message", "the message has no text or media");
    }
    return send(to, requests);
  }

  private SendRequest attachment(Parties to, MediaRef media) {
    String type = attachmentType(media.kind());
    if (media.url() == null || media.url().isBlank()) {
      return SendRequest.fallback(text(to, "📎 " + media.kind() + " (not available)"));
    }
    String shown = kindOf(media);
    if (textFallbackKinds.contains(shown)) {
      return SendRequest.fallback(text(to, "🖼️ " + shown + ": " + media.url()));
    }
    JsonObject payload = new JsonObject().put("url", media.url());
    JsonObject message =
        new JsonObject()
            .put("attachment", new JsonObject().put("type", type).put("payload", payload));
    boolean av = type.equals("audio") || type.equals("video");
    return new SendRequest(
        envelope(to).put("message", message), av ? RateClass.MEDIA : RateClass.TEXT, false);
  }

  /** The kind a viewer would name: {@code gif} for an animated image, else the media's kind. */
  static String kindOf(MediaRef media) {
    if ("image/gif".equalsIgnoreCase(media.mimeType())) {
      return "gif";
    }
    return media.kind() == null ? "file" : media.kind().toLowerCase(Locale.ROOT);
  }

  /** The Send API's attachment type: images (stickers and GIFs included), audio, video, files. */
  public static String attachmentType(String kind) {
    String k = kind == null ? "file" : kind.toLowerCase(Locale.ROOT);
    return switch (k) {
      case "image", "sticker", "gif" -> "image";
      case "audio", "video" -> k;
      default -> "file";
    };
  }

  private static JsonObject text(Parties to, String text) {
    return envelope(to).put("message", new JsonObject().put("text", text));
  }

  private static JsonObject react(Parties to, String action, String messageId, String reaction) {
    JsonObject payload = new JsonObject().put("message_id", messageId);
    if (reaction != null) {
      payload.put("reaction", reaction);
    }
    return action(to, action).put("payload", payload);
  }

  private static JsonObject action(Parties to, String action) {
    return new JsonObject()
        .put("recipient", new JsonObject().put("id", to.user().accountId()))
        .put("sender_action", action);
  }

  private static JsonObject envelope(Parties to) {
    return new JsonObject()
        .put("recipient", new JsonObject().put("id", to.user().accountId()))
        .put("messaging_type", "RESPONSE");
  }

  /** Splits on code points so that no emoji is cut in half. */
  static List<String> chunks(String text) {
    return TextChunks.split(text, MAX_TEXT);
  }

  private static OutboundPlan send(Parties to, List<SendRequest> requests) {
    return new OutboundPlan.Send(to.page(), to.user(), requests);
  }

  /** The page or account the calls are made as, and the user they reach. */
  record Parties(String page, AccountRef user) {
    static Optional<Parties> of(Platform platform, ConversationEvent data) {
      String[] direct = data.conversationId().split(":", 3);
      boolean isDirect = direct.length == 3 && direct[0].equals(platform.wireName());
      String page = isDirect ? direct[1] : null;
      AccountRef user = isDirect ? AccountRef.of(platform, direct[2]) : null;
      if (data instanceof MessageCreated m) {
        if (m.recipient() != null && m.recipient().platform() == platform) {
          user = m.recipient();
        }
        if (page == null && m.sender() != null && m.sender().platform() == platform) {
          page = m.sender().accountId();
        }
      }
      if (page != null && user != null) {
        return Optional.of(new Parties(page, user));
      }
      return Optional.empty();
    }
  }
}
