package io.switchboard.whatsapp.inbound;

import static io.switchboard.whatsapp.inbound.InboundContext.blank;

import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plain content of a WhatsApp message. Media keep their kind ({@code document} is the mesh's
 * {@code file}); a shared location or contact card, which no other app shows as such, crosses as a
 * visible text marked {@code fallback}; a button or list choice is the title the user saw; and what
 * the Cloud API itself cannot show ({@code unsupported}) becomes a visible fallback, never nothing.
 */
final class WhatsappContent {
  static final String UNSUPPORTED_TEXT = "Sent something that cannot be shown here";

  private final String mediaBaseUrl;

  WhatsappContent(String mediaBaseUrl) {
    this.mediaBaseUrl =
        mediaBaseUrl.endsWith("/")
            ? mediaBaseUrl.substring(0, mediaBaseUrl.length() - 1)
            : mediaBaseUrl;
  }

  /** The content, or nothing for a type the mesh does not map. */
  Optional<PlainContent> of(WaMessage message) {
    String type = message.type() == null ? "" : message.type().toLowerCase(Locale.ROOT);
    PlainContent content =
        switch (type) {
          case "text" -> text(message.text() == null ? null : message.text().body());
          case "image" -> media("image", message.image());
          case "audio" -> media("audio", message.audio());
          case "video" -> media("video", message.video());
          case "document" -> media("file", message.document());
          case "sticker" -> media("sticker", message.sticker());
          case "location" -> location(message.location());
          case "contacts" -> contacts(message.contacts());
          case "interactive" -> interactive(message.interactive());
          case "button" -> text(message.button() == null ? null : message.button().text());
          case "unsupported" -> unsupported();
          default -> null;
        };
    return Optional.ofNullable(content);
  }

  private static PlainContent text(String body) {
    return blank(body) ? unsupported() : PlainContent.text(body);
  }

  private PlainContent media(String kind, WaMessage.Media media) {
    String url = media == null ? null : url(media);
    if (url == null) {
      return unsupported();
    }
    String caption = blank(media.caption()) ? media.filename() : media.caption();
    MediaRef ref = new MediaRef(kind, url, blankToNull(media.mimeType()), blankToNull(caption));
    return new PlainContent(null, List.of(ref), null, false);
  }

  private String url(WaMessage.Media media) {
    if (!blank(media.url())) {
      return media.url();
    }
    return blank(media.id()) ? null : mediaBaseUrl + "/" + media.id().trim();
  }

  private static PlainContent location(WaMessage.Location location) {
    if (location == null || location.latitude() == null || location.longitude() == null) {
      return unsupported();
    }
    StringBuilder text =
        new StringBuilder("\ud83d\udccd Location: ")
            .append(location.latitude())
            .append(", ")
            .append(location.longitude());
    appendLine(text, location.name());
    appendLine(text, location.address());
    return fallback(text.toString());
  }

  private static PlainContent contacts(List<WaMessage.SharedContact> cards) {
    List<String> lines = new ArrayList<>();
    for (WaMessage.SharedContact card : cards) {
      StringBuilder line = new StringBuilder("\ud83d\udc64 Contact:");
      if (card.name() != null && !blank(card.name().formattedName())) {
        line.append(' ').append(card.name().formattedName());
      }
      card.phones().stream()
          .map(WaMessage.SharedContact.Phone::phone)
          .filter(phone -> !blank(phone))
          .forEach(phone -> line.append(' ').append(phone));
      lines.add(line.toString());
    }
    return lines.isEmpty() ? unsupported() : fallback(String.join("\n", lines));
  }

  private static PlainContent interactive(WaMessage.Interactive interactive) {
    if (interactive == null) {
      return null;
    }
    WaMessage.Interactive.Choice choice =
        switch (interactive.type() == null ? "" : interactive.type()) {
          case "button_reply" -> interactive.buttonReply();
          case "list_reply" -> interactive.listReply();
          default -> null;
        };
    return choice == null ? null : text(choice.title());
  }

  private static PlainContent unsupported() {
    return fallback(UNSUPPORTED_TEXT);
  }

  private static PlainContent fallback(String text) {
    return new PlainContent(text, List.of(), null, true);
  }

  private static void appendLine(StringBuilder text, String line) {
    if (!blank(line)) {
      text.append('\n').append(line);
    }
  }

  private static String blankToNull(String value) {
    return blank(value) ? null : value;
  }
}
