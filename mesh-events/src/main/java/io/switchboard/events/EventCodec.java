package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.switchboard.events.data.EventData;
import io.switchboard.events.schema.EventSchemas;
import io.switchboard.events.schema.InvalidEventException;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * JSON for event data, checked against the type's schema in both directions: nothing invalid is
 * written, and nothing invalid is read as valid.
 */
public final class EventCodec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private EventCodec() {}

  /** The mapper configured for event data; share it, do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The data as a JSON tree, checked against its schema. */
  public static JsonNode toTree(EventData data) {
    EventType type = EventType.of(data);
    JsonNode tree = MAPPER.valueToTree(data);
    EventSchemas.get().check(type, tree);
    return tree;
  }

  /** The data as JSON bytes, checked against its schema. */
  public static byte[] encodeData(EventData data) {
    try {
      return MAPPER.writeValueAsBytes(toTree(data));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + EventType.of(data).ceType(), e);
    }
  }

  /** Reads data of a type from JSON bytes; refuses bytes that break the type's schema. */
  public static EventData decodeData(EventType type, byte[] json) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new InvalidEventException(type.ceType(), "/", "data is not JSON");
    }
    if (tree == null || tree.isMissingNode()) {
      throw new InvalidEventException(type.ceType(), "/", "data is empty");
    }
    return fromTree(type, tree);
  }

  /** Reads data of a type from a JSON tree; refuses a tree that breaks the type's schema. */
  public static EventData fromTree(EventType type, JsonNode tree) {
    EventSchemas.get().check(type, tree);
    try {
      return MAPPER.treeToValue(tree, type.dataClass());
    } catch (JsonProcessingException e) {
      throw new InvalidEventException(
          type.ceType(), "/", "data does not bind: " + e.getOriginalMessage());
    }
  }

  /** The event in CloudEvents structured JSON, for dumps, logs of metadata and scripts. */
  public static ObjectNode toStructured(MeshEvent<?> event) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("specversion", MeshEvent.SPEC_VERSION);
    json.put("id", event.id());
    json.put("source", event.source().toString());
    json.put("type", event.type().ceType());
    json.put("subject", event.subject());
    json.put("time", event.time().toString());
    json.put("datacontenttype", MeshEvent.DATA_CONTENT_TYPE);
    json.set("data", toTree(event.data()));
    return json;
  }

  /** Reads an event in CloudEvents structured JSON. */
  public static MeshEvent<?> fromStructured(JsonNode json) {
    String ceType = requireText(json, "type", "unknown");
    EventType type =
        EventType.fromCeType(ceType)
            .orElseThrow(() -> new InvalidEventException(ceType, "type", "unknown event type"));
    if (!MeshEvent.SPEC_VERSION.equals(requireText(json, "specversion", ceType))) {
      throw new InvalidEventException(ceType, "specversion", "must be " + MeshEvent.SPEC_VERSION);
    }
    String id = requireText(json, "id", ceType);
    URI source = parseSource(requireText(json, "source", ceType), ceType);
    Instant time = parseTime(requireText(json, "time", ceType), ceType);
    if (!json.hasNonNull("data")) {
      throw new InvalidEventException(ceType, "data", "is required");
    }
    return new MeshEvent<>(id, source, type, time, fromTree(type, json.get("data")));
  }

  /** The CloudEvents source attribute as a URI reference; refuses anything else. */
  public static URI parseSource(String source, String ceType) {
    try {
      return URI.create(source);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(ceType, "source", "is not a URI reference");
    }
  }

  /** The CloudEvents time attribute (RFC 3339); refuses anything else. */
  public static Instant parseTime(String time, String ceType) {
    try {
      return java.time.OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(ceType, "time", "is not an RFC 3339 timestamp");
    }
  }

  private static String requireText(JsonNode json, String field, String ceType) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new InvalidEventException(ceType, field, "is required");
    }
    return value.asText();
  }
}
