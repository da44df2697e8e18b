package io.switchboard.simulator.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a Cloud API message body the way {@code POST /{phone-number-id}/messages} does. */
final class WhatsappRequestValidator {
  static final int MAX_TEXT = 4096;

  private static final Set<String> MEDIA = Set.of("image", "audio", "video", "document", "sticker");
  private static final Set<String> OTHER =
      Set.of("text", "reaction", "template", "interactive", "location", "contacts", "sealed");

  /** Standard base64 (RFC 4648 section 4), padded, as sealed envelopes carry their bytes. */
  private static final Pattern BASE64 =
      Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

  /** Envelopes per sealed message: one per recipient device, as the mesh's schema allows. */
  static final int MAX_ENVELOPES = 1024;

  /** A phone number as wa_id (digits, optionally with +), or a business-scoped user id. */
  private static final Pattern RECIPIENT = Pattern.compile("\\+?[0-9]{6,15}|[A-Z]{2}\\.[0-9]+");

  private WhatsappRequestValidator() {}

  /** The problem to answer with code 100, if there is one. */
  static Optional<String> problem(JsonNode body) {
    String to = text(body.path("to"));
    if (to == null) {
      return Optional.of("The parameter to is required.");
    }
    if (!RECIPIENT.matcher(to).matches()) {
      return Optional.of("The parameter to is not a valid WhatsApp user id or phone number.");
    }
    String recipientType = body.path("recipient_type").asText("individual");
    if (!recipientType.equals("individual")) {
      return Optional.of("Param recipient_type must be individual.");
    }
    String type = type(body);
    if (!MEDIA.contains(type) && !OTHER.contains(type)) {
      return Optional.of("Param type is not a valid message type.");
    }
    JsonNode content = body.path(type);
    if (!content.isObject()) {
      return Optional.of("The parameter " + type + " is required.");
    }
    return contentProblem(type, content);
  }

  private static Optional<String> contentProblem(String type, JsonNode content) {
    if (MEDIA.contains(type)) {
      return text(content.path("id")) == null && text(content.path("link")) == null
          ? Optional.of("Param " + type + " must have an id or a link.")
          : Optional.empty();
    }
    return switch (type) {
      case "text" -> {
        String text = text(content.path("body"));
        if (text == null) {
          yield Optional.of("The parameter text['body'] is required.");
        }
        yield text.codePointCount(0, text.length()) > MAX_TEXT
            ? Optional.of("Param text['body'] must be at most 4096 characters long.")
            : Optional.empty();
      }
      case "reaction" ->
          text(content.path("message_id")) == null || !content.path("emoji").isTextual()
              ? Optional.of("Param reaction must have a message_id and an emoji.")
              : Optional.empty();
      case "template" ->
          text(content.path("name")) == null || text(content.path("language").path("code")) == null
              ? Optional.of("Param template must have a name and a language code.")
              : Optional.empty();
      case "sealed" -> sealedProblem(content);
      default -> Optional.empty();
    };
  }

  /**
   * The sealed dialect, Switchboard's own and not Meta's: {@code sealed: {algorithm,
   * sender_device_key_id, message_id?, envelopes: [{recipient_device_key_id, enc, ciphertext}]}}.
   * Checked for shape only; the envelopes are never opened (the simulator has no key to open them).
   */
  private static Optional<String> sealedProblem(JsonNode sealed) {
    if (text(sealed.path("algorithm")) == null) {
      return Optional.of("The parameter sealed['algorithm'] is required.");
    }
    if (text(sealed.path("sender_device_key_id")) == null) {
      return Optional.of("The parameter sealed['sender_device_key_id'] is required.");
    }
    if (!sealed.path("message_id").isMissingNode() && text(sealed.path("message_id")) == null) {
      return Optional.of("Param sealed['message_id'] must be a non-empty string.");
    }
    JsonNode envelopes = sealed.path("envelopes");
    if (!envelopes.isArray() || envelopes.isEmpty() || envelopes.size() > MAX_ENVELOPES) {
      return Optional.of(
          "Param sealed['envelopes'] must hold 1 to " + MAX_ENVELOPES + " envelopes.");
    }
    for (int i = 0; i < envelopes.size(); i++) {
      JsonNode envelope = envelopes.get(i);
      if (text(envelope.path("recipient_device_key_id")) == null) {
        return Optional.of(
            "The parameter sealed['envelopes'][" + i + "]['recipient_device_key_id'] is required.");
      }
      for (String field : new String[] {"enc", "ciphertext"}) {
        String value = text(envelope.path(field));
        if (value == null || !BASE64.matcher(value).matches()) {
          return Optional.of(
              "Param sealed['envelopes'][" + i + "]['" + field + "'] must be standard base64.");
        }
      }
    }
    return Optional.empty();
  }

  /** The message type; the Cloud API assumes text when it is not given. */
  static String type(JsonNode body) {
    return body.path("type").asText("text");
  }

  static String text(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }
}
