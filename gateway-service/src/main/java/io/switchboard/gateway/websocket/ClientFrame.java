package io.switchboard.gateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The fields of one client write frame, read strictly: a field that is required and missing, of the
 * wrong JSON kind or too long refuses the frame with {@code invalid_field} naming it. JSON {@code
 * null} counts as absent.
 */
record ClientFrame(JsonNode json) {
  static final int MAX_ID_LENGTH = 512;
  static final int MAX_NONCE_LENGTH = 128;
  private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

  String conversationId() {
    return text("conversationId", MAX_ID_LENGTH);
  }

  String messageId() {
    return text("messageId", MAX_ID_LENGTH);
  }

  /** The device's nonce: it becomes part of the message id, hence visible ASCII only. */
  String nonce() {
    String nonce = optionalText("nonce", MAX_NONCE_LENGTH);
    if (nonce == null || !VISIBLE_ASCII.matcher(nonce).matches()) {
      throw FrameRefused.invalid("nonce", "required, 1 to 128 visible ASCII characters");
    }
    return nonce;
  }

  /** The client's optional reference, echoed in the answer. */
  String ref() {
    return optionalText("ref", MAX_NONCE_LENGTH);
  }

  String text(String field, int maxLength) {
    String value = optionalText(field, maxLength);
    if (value == null) {
      throw FrameRefused.invalid(field, "required, a string of 1 to " + maxLength + " characters");
    }
    return value;
  }

  String optionalText(String field, int maxLength) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > maxLength) {
      throw FrameRefused.invalid(field, "a string of 1 to " + maxLength + " characters");
    }
    return value.asText();
  }

  /** A name-like text: also refused when it is only white space. */
  String optionalName(String field, int maxLength) {
    String value = optionalText(field, maxLength);
    if (value != null && value.isBlank()) {
      throw FrameRefused.invalid(field, "not only white space");
    }
    return value;
  }

  boolean bool(String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isBoolean()) {
      throw FrameRefused.invalid(field, "required, true or false");
    }
    return value.asBoolean();
  }

  boolean optionalBool(String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw FrameRefused.invalid(field, "true or false");
    }
    return value.asBoolean();
  }

  JsonNode object(String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isObject()) {
      throw FrameRefused.invalid(field, "required, a JSON object");
    }
    return value;
  }

  /** A list of person ids, 1 to {@code maxItems} of them, duplicates left out. */
  List<String> personIds(String field, int maxItems) {
    return ids(field, maxItems, "person ids");
  }

  /** A list of message ids, 1 to {@code maxItems} of them, duplicates left out. */
  List<String> messageIds(String field, int maxItems) {
    return ids(field, maxItems, "message ids");
  }

  private List<String> ids(String field, int maxItems, String what) {
    JsonNode value = json.get(field);
    if (value == null || !value.isArray() || value.isEmpty() || value.size() > maxItems) {
      throw FrameRefused.invalid(field, "required, an array of 1 to " + maxItems + " " + what);
    }
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode id : value) {
      if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > MAX_ID_LENGTH) {
        throw FrameRefused.invalid(field, what + " are strings of 1 to 512 characters");
      }
      ids.add(id.asText());
    }
    return List.copyOf(ids);
  }

  /** The frame's nonce and ref for its answer, when they are well-formed; null otherwise. */
  String echo(String field) {
    JsonNode value = json.get(field);
    return value != null
            && value.isTextual()
            && !value.asText().isEmpty()
            && value.asText().length() <= MAX_NONCE_LENGTH
        ? value.asText()
        : null;
  }
}
