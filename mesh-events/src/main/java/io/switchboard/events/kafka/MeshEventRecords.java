package io.switchboard.events.kafka;

import io.switchboard.events.EventCodec;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.schema.InvalidEventException;
import io.switchboard.events.schema.Violation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Mesh events as Kafka records in CloudEvents binary mode: attributes in {@code ce_*} headers, JSON
 * data as the value, the conversation id as the key.
 */
public final class MeshEventRecords {
  private MeshEventRecords() {}

  /** A record for {@code topic}, keyed by the event's conversation. */
  public static ProducerRecord<String, byte[]> toRecord(String topic, MeshEvent<?> event) {
    Headers headers = new RecordHeaders();
    writeHeaders(event, headers);
    return new ProducerRecord<>(
        topic, null, event.key(), EventCodec.encodeData(event.data()), headers);
  }

  /** Writes the event's CloudEvent attributes into {@code headers}, replacing any there. */
  public static void writeHeaders(MeshEvent<?> event, Headers headers) {
    put(headers, CloudEventHeaders.SPEC_VERSION, MeshEvent.SPEC_VERSION);
    put(headers, CloudEventHeaders.ID, event.id());
    put(headers, CloudEventHeaders.SOURCE, event.source().toString());
    put(headers, CloudEventHeaders.TYPE, event.type().ceType());
    put(headers, CloudEventHeaders.SUBJECT, event.subject());
    put(headers, CloudEventHeaders.TIME, event.time().toString());
    put(headers, CloudEventHeaders.CONTENT_TYPE, MeshEvent.DATA_CONTENT_TYPE);
  }

  /** Reads a record; refuses one whose headers or data break the contract. */
  public static MeshEvent<EventData> fromRecord(ConsumerRecord<String, byte[]> record) {
    return fromHeadersAndValue(record.headers(), record.value());
  }

  /** Reads an event from binary-mode headers and its JSON data. */
  public static MeshEvent<EventData> fromHeadersAndValue(Headers headers, byte[] value) {
    String ceType = header(headers, CloudEventHeaders.TYPE);
    if (ceType == null) {
      throw new InvalidEventException("unknown", CloudEventHeaders.TYPE, "header is required");
    }
    EventType type =
        EventType.fromCeType(ceType)
            .orElseThrow(
                () ->
                    new InvalidEventException(
                        ceType, CloudEventHeaders.TYPE, "unknown event type"));
    String specVersion = require(headers, CloudEventHeaders.SPEC_VERSION, ceType);
    if (!MeshEvent.SPEC_VERSION.equals(specVersion)) {
      throw new InvalidEventException(
          ceType, CloudEventHeaders.SPEC_VERSION, "must be " + MeshEvent.SPEC_VERSION);
    }
    String contentType = header(headers, CloudEventHeaders.CONTENT_TYPE);
    if (contentType != null && !contentType.startsWith(MeshEvent.DATA_CONTENT_TYPE)) {
      throw new InvalidEventException(
          ceType, CloudEventHeaders.CONTENT_TYPE, "must be " + MeshEvent.DATA_CONTENT_TYPE);
    }
    String id = require(headers, CloudEventHeaders.ID, ceType);
    URI source = source(headers, ceType);
    Instant time = time(headers, ceType);
    if (value == null) {
      throw new InvalidEventException(ceType, "data", "record value is empty");
    }
    EventData data = EventCodec.decodeData(type, value);
    return new MeshEvent<>(id, source, type, time, data);
  }

  /** The last value of a header as UTF-8 text, or null. */
  public static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String require(Headers headers, String name, String ceType) {
    String value = header(headers, name);
    if (value == null || value.isEmpty()) {
      throw new InvalidEventException(ceType, name, "header is required");
    }
    return value;
  }

  private static URI source(Headers headers, String ceType) {
    try {
      return EventCodec.parseSource(require(headers, CloudEventHeaders.SOURCE, ceType), ceType);
    } catch (InvalidEventException e) {
      throw onHeader(e, CloudEventHeaders.SOURCE);
    }
  }

  private static Instant time(Headers headers, String ceType) {
    try {
      return EventCodec.parseTime(require(headers, CloudEventHeaders.TIME, ceType), ceType);
    } catch (InvalidEventException e) {
      throw onHeader(e, CloudEventHeaders.TIME);
    }
  }

  /** The same refusal, naming the header that carried the attribute. */
  private static InvalidEventException onHeader(InvalidEventException e, String header) {
    return new InvalidEventException(
        e.eventType(),
        e.violations().stream().map(v -> new Violation(header, v.message())).toList());
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
