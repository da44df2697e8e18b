package io.switchboard.gateway.websocket;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.events.EventCodec;
import io.switchboard.gateway.log.LogEntry;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Set;

/** The server's frames of the gateway protocol v1 (docs/gateway.md), as JSON text. */
public final class Frames {
  private static final ObjectMapper MAPPER = EventCodec.mapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  /**
   * Event data fields a {@code message} frame leaves out: the envelope already carries the
   * conversation and the sender (with its person), the envelope's {@code seq} is the number, and a
   * client nonce is the sending device's own business.
   */
  private static final Set<String> ENVELOPE_FIELDS =
      Set.of("conversationId", "sender", "sequence", "clientNonce");

  /**
   * Names a {@code message} frame's envelope writes. A data field of one of these names is left out
   * too, so data can never stand in for the envelope; besides {@link #ENVELOPE_FIELDS}, no event
   * schema has one.
   */
  private static final Set<String> FRAME_FIELDS =
      Set.of(
          "type", "conversationId", "seq", "eventId", "eventType", "platform", "sender", "request");

  private Frames() {}

  /**
   * A log entry of any event type as a {@code message} frame: the envelope of the log entry, then
   * every field of the event's data (see {@link #ENVELOPE_FIELDS}); {@code eventType} tells them
   * apart. The data is copied token by token, never read into a tree: every pushed message passes
   * here.
   */
  public static String message(LogEntry entry) {
    String data = entry.dataJson();
    StringWriter out = new StringWriter(256 + data.length());
    try (JsonGenerator frame = FACTORY.createGenerator(out);
        JsonParser fields = FACTORY.createParser(data)) {
      frame.writeStartObject();
      frame.writeStringField("type", "message");
      frame.writeStringField("conversationId", entry.conversationId());
      frame.writeNumberField("seq", entry.seq());
      frame.writeStringField("eventId", entry.eventId());
      frame.writeStringField("eventType", entry.eventType());
      frame.writeStringField("platform", entry.platform().wireName());
      frame.writeObjectFieldStart("sender");
      frame.writeStringField("platform", entry.sender().platform().wireName());
      frame.writeStringField("accountId", entry.sender().accountId());
      if (entry.senderPersonId() != null) {
        frame.writeStringField("personId", entry.senderPersonId());
      }
      frame.writeEndObject();
      frame.writeBooleanField("request", entry.request());
      if (fields.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException("the log holds data that is not a JSON object");
      }
      while (fields.nextToken() == JsonToken.FIELD_NAME) {
        String name = fields.currentName();
        fields.nextToken();
        if (ENVELOPE_FIELDS.contains(name) || FRAME_FIELDS.contains(name)) {
          fields.skipChildren();
        } else {
          frame.writeFieldName(name);
          frame.copyCurrentStructure(fields);
        }
      }
      frame.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("the log holds data that is not JSON", e);
    }
    return out.toString();
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
    return error(code, message, null, null);
  }

  /**
   * An error answering a write frame, with the frame's {@code nonce} and {@code ref} if it had
   * them.
   */
  public static String error(String code, String message, String nonce, String ref) {
    ObjectNode frame = MAPPER.createObjectNode();
    frame.put("type", "error");
    frame.put("code", code);
    frame.put("message", message);
    echo(frame, nonce, ref);
    return write(frame);
  }

  /** Answers a {@code send} once Kafka acknowledged the message's event. */
  public static String sent(
      String ref, String nonce, String conversationId, String messageId, String eventId) {
    ObjectNode frame = MAPPER.createObjectNode();
    frame.put("type", "sent");
    echo(frame, nonce, ref);
    frame.put("conversationId", conversationId);
    frame.put("messageId", messageId);
    frame.put("eventId", eventId);
    return write(frame);
  }

  /** Answers a {@code group.create} once Kafka acknowledged the group's creation. */
  public static String groupCreated(
      String ref, String nonce, String conversationId, String eventId) {
    ObjectNode frame = MAPPER.createObjectNode();
    frame.put("type", "group.created");
    echo(frame, nonce, ref);
    frame.put("conversationId", conversationId);
    frame.put("eventId", eventId);
    return write(frame);
  }

  /** Answers any other write frame once Kafka acknowledged its event. */
  public static String accepted(String ref, String conversationId, String eventId) {
    ObjectNode frame = MAPPER.createObjectNode();
    frame.put("type", "accepted");
    echo(frame, null, ref);
    frame.put("conversationId", conversationId);
    frame.put("eventId", eventId);
    return write(frame);
  }

  private static void echo(ObjectNode frame, String nonce, String ref) {
    if (nonce != null) {
      frame.put("nonce", nonce);
    }
    if (ref != null) {
      frame.put("ref", ref);
    }
  }

  static String write(ObjectNode frame) {
    try {
      return MAPPER.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a frame", e);
    }
  }
}
