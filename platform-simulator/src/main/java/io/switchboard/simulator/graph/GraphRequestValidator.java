package io.switchboard.simulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a Send API body the way the Messenger Platform and the Instagram Messaging API do, and
 * says which rate limit it counts against.
 */
final class GraphRequestValidator {
  static final int MAX_TEXT = 2000;

  private static final Set<String> MESSAGING_TYPES = Set.of("RESPONSE", "UPDATE", "MESSAGE_TAG");
  private static final Set<String> ATTACHMENT_TYPES = Set.of("image", "audio", "video", "file");
  private static final Set<String> SENDER_ACTIONS =
      Set.of("typing_on", "typing_off", "mark_seen", "react", "unreact");

  /** Audio and video have a lower limit than everything else Meta lists. */
  enum RateClass {
    TEXT,
    MEDIA
  }

  /** The verdict: a problem to answer with code 100, or the rate class of a valid call. */
  record Verdict(String problem, RateClass rateClass) {
    static Verdict invalid(String problem) {
      return new Verdict(problem, null);
    }

    Optional<String> error() {
      return Optional.ofNullable(problem);
    }
  }

  private GraphRequestValidator() {}

  static Verdict check(JsonNode body) {
    if (!body.isObject()) {
      return Verdict.invalid("The request body must be a JSON object");
    }
    if (text(body.path("recipient").path("id")) == null) {
      return Verdict.invalid("The parameter recipient is required");
    }
    boolean hasMessage = body.has("message");
    boolean hasAction = body.has("sender_action");
    if (hasMessage && hasAction) {
      return Verdict.invalid("Cannot send both message and state at the same time.");
    }
    if (!hasMessage && !hasAction) {
      return Verdict.invalid("Must send either message or state");
    }
    return hasMessage ? checkMessage(body) : checkAction(body);
  }

  private static Verdict checkMessage(JsonNode body) {
    String type = text(body.path("messaging_type"));
    if (type == null || !MESSAGING_TYPES.contains(type)) {
      return Verdict.invalid("Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}");
    }
    if (type.equals("MESSAGE_TAG") && text(body.path("tag")) == null) {
      return Verdict.invalid("Param tag is required when messaging_type is MESSAGE_TAG");
    }
    JsonNode message = body.path("message");
    String text = text(message.path("text"));
    JsonNode attachment = message.path("attachment");
    if (text != null && !attachment.isMissingNode()) {
      return Verdict.invalid("Param message must have either text or attachment, not both");
    }
    if (text != null) {
      return text.codePointCount(0, text.length()) > MAX_TEXT
          ? Verdict.invalid("Length of param message[text] must be less than or equal to 2000")
          : new Verdict(null, RateClass.TEXT);
    }
    if (attachment.isMissingNode()) {
      return Verdict.invalid("Param message must contain text or attachment");
    }
    String attachmentType = text(attachment.path("type"));
    if (attachmentType == null || !ATTACHMENT_TYPES.contains(attachmentType)) {
      return Verdict.invalid(
          "Param message[attachment][type] must be one of {image, audio, video, file}");
    }
    JsonNode payload = attachment.path("payload");
    if (text(payload.path("url")) == null && text(payload.path("attachment_id")) == null) {
      return Verdict.invalid("Param message[attachment][payload][url] is required");
    }
    boolean media = attachmentType.equals("audio") || attachmentType.equals("video");
    return new Verdict(null, media ? RateClass.MEDIA : RateClass.TEXT);
  }

  private static Verdict checkAction(JsonNode body) {
    String action = text(body.path("sender_action"));
    if (action == null || !SENDER_ACTIONS.contains(action)) {
      return Verdict.invalid(
          "Param sender_action must be one of {typing_on, typing_off, mark_seen, react, unreact}");
    }
    JsonNode payload = body.path("payload");
    boolean reaction = action.equals("react") || action.equals("unreact");
    if (reaction && text(payload.path("message_id")) == null) {
      return Verdict.invalid("Param payload[message_id] is required");
    }
    if (action.equals("react") && text(payload.path("reaction")) == null) {
      return Verdict.invalid("Param payload[reaction] is required");
    }
    return new Verdict(null, RateClass.TEXT);
  }

  static String text(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }
}
