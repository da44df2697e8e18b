package io.switchboard.gateway.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.events.EventCodec;
import io.switchboard.gateway.log.LogEntry;

/** The server's frames of the gateway protocol v1 (docs/gateway.md), as JSON text. */
public final class Frames {
  private static final ObjectMapper MAPPER = EventCodec.mapper();
  private static final String[] MESSAGE_FIELDS = {
    "messageId", "recipient", "content", "replyTo", "sentAt", "receivedAt"
  };

  private Frames() {}

  /** A log entry as a {@code message} frame. */
  public static String message(LogEntry entry) {
    ObjectNode frame = MAPPER.createObjectNode();
    frame.put("type", "message");
    frame.put("conversationId", entry.conversationId());
    frame.put("seq", entry.seq());
    frame.put("eventId", entry.eventId());
    frame.put("eventType", entry.eventType());
    frame.put("platform", entry.platform().wireName());
    ObjectNode sender = frame.putObject("sender");
    sender.put("platform", entry.sender().platform().wireName());
    sender.put("accountId", entry.sender().accountId());
    if (entry.senderPersonId() != null) {
      sender.put("personId", entry.senderPersonId());
    }
    frame.put("request", entry.request());
    JsonNode data = read(entry.dataJson());
    for (String field : MESSAGE_FIELDS) {
      if (data.hasNonNull(field)) {
        frame.set(field, data.get(field));
      }
    }
    return write(frame);
  }

  public static String acked(String conversationId, long seq) {
    ObjectNode frame = MAPPER.createObjectNode();
    frame.put("type", "acked");
    frame.put("conversationId", conversationId);
    frame.put("seq", seq);
    return write(frame);
  }

  /** Ends the answer to a {@code sync}: {@code more} when the limit cut it short. */
  public static String synced(String conversationId, long until, long lastSeq, boolean more) {
    ObjectNode frame = MAPPER.createObjectNode();
    frame.put("type", "synced");
    frame.put("conversationId", conversationId);
    frame.put("until", until);
    frame.put("lastSeq", lastSeq);
    frame.put("more", more);
    return write(frame);
  }

  public static String error(String code, String message) {
    ObjectNode frame = MAPPER.createObjectNode();
    frame.put("type", "error");
    frame.put("code", code);
    frame.put("message", message);
    return write(frame);
  }

  private static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the log holds data that is not JSON", e);
    }
  }

  private static String write(ObjectNode frame) {
    try {
      return MAPPER.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a frame", e);
    }
  }
}
