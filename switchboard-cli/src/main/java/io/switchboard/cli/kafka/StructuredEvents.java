package io.switchboard.cli.kafka;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.events.EventCodec;
import io.switchboard.events.kafka.CloudEventHeaders;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Writes records as CloudEvents in structured JSON, one per line: the {@code ce_*} headers become
 * attributes, {@code content-type} becomes {@code datacontenttype}, the JSON value becomes {@code
 * data} byte for byte (sealed content stays sealed). Where it came from travels as extension
 * attributes: {@code partitionkey} (the record key, the CloudEvents partitioning extension) and
 * {@code kafkatopic}, {@code kafkapartition}, {@code kafkaoffset}, {@code kafkatimestamp}. Other
 * headers become attributes named by their lower-case letters and digits ({@code
 * switchboard_dlq_reason} as {@code switchboarddlqreason}). A record that is not a CloudEvent (a
 * compaction tombstone) keeps only those extension attributes.
 */
public final class StructuredEvents implements Closeable {
  private static final ObjectMapper MAPPER = EventCodec.mapper();
  private final JsonGenerator json;
  private final OutputStream out;

  public StructuredEvents(OutputStream out) throws IOException {
    this.out = out;
    this.json = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
    this.json.setRootValueSeparator(null);
  }

  public void write(ConsumerRecord<byte[], byte[]> record) throws IOException {
    json.writeStartObject();
    for (Map.Entry<String, String> attribute : attributes(record).entrySet()) {
      json.writeStringField(attribute.getKey(), attribute.getValue());
    }
    if (record.key() != null) {
      json.writeStringField("partitionkey", new String(record.key(), StandardCharsets.UTF_8));
    }
    json.writeStringField("kafkatopic", record.topic());
    json.writeNumberField("kafkapartition", record.partition());
    json.writeNumberField("kafkaoffset", record.offset());
    json.writeStringField("kafkatimestamp", Instant.ofEpochMilli(record.timestamp()).toString());
    if (record.value() != null) {
      writeData(record.value());
    }
    json.writeEndObject();
    json.writeRaw('\n');
  }

  /** The value as it is on the topic when it is one JSON value, else as base64. */
  private void writeData(byte[] value) throws IOException {
    if (isJson(value)) {
      json.writeFieldName("data");
      json.writeRawValue(new String(value, StandardCharsets.UTF_8));
    } else {
      json.writeBinaryField("data_base64", value);
    }
  }

  /** Reads through the bytes without building a tree: the dump's cost is mostly this. */
  private static boolean isJson(byte[] value) {
    try (JsonParser parser = MAPPER.getFactory().createParser(value)) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException notJson) {
      return false;
    }
  }

  private static Map<String, String> attributes(ConsumerRecord<byte[], byte[]> record) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      if (header.value() == null) {
        continue;
      }
      String value = new String(header.value(), StandardCharsets.UTF_8);
      String key = header.key();
      if (key.equals(CloudEventHeaders.CONTENT_TYPE)) {
        attributes.put("datacontenttype", value);
      } else if (key.startsWith("ce_")) {
        attributes.put(key.substring(3), value);
      } else {
        String name = key.toLowerCase().replaceAll("[^a-z0-9]", "");
        if (!name.isEmpty()) {
          attributes.putIfAbsent(name, value);
        }
      }
    }
    return attributes;
  }

  public void flush() throws IOException {
    json.flush();
  }

  @Override
  public void close() throws IOException {
    json.close();
    out.close();
  }
}
