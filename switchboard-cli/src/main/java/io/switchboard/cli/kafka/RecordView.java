package io.switchboard.cli.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.events.EventCodec;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record as a person reads it: time, type, conversation, sender and a short summary. It reads
 * leniently (a broken record is still shown) and never shows sealed content: only its size.
 *
 * @param topic where it was read
 * @param partition its partition
 * @param offset its offset
 * @param timestamp the record's timestamp
 * @param id the CloudEvent id, or null
 * @param type the event type without the {@code switchboard.} prefix, or null
 * @param conversation the conversation (subject or key)
 * @param sender who wrote or did it, {@code platform:accountId}, or null
 * @param summary what it says, short
 * @param parties every account and person the event names, for filters
 * @param data the event data with sealed content replaced by its size, or null
 */
public record RecordView(
    String topic,
    int partition,
    long offset,
    Instant timestamp,
    String id,
    String type,
    String conversation,
    String sender,
    String summary,
    Set<String> parties,
    JsonNode data) {
  private static final int TEXT_LIMIT = 60;

  public static RecordView of(ConsumerRecord<byte[], byte[]> record) {
    String ceType = MeshEventRecords.header(record.headers(), CloudEventHeaders.TYPE);
    String type = ceType == null ? null : ceType.replaceFirst("^switchboard\\.", "");
    String subject = MeshEventRecords.header(record.headers(), CloudEventHeaders.SUBJECT);
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    JsonNode data = null;
    String summary;
    if (record.value() == null) {
      summary = "[tombstone]";
    } else {
      try {
        data = EventCodec.mapper().readTree(record.value());
        summary = summarize(type, data);
      } catch (IOException e) {
        summary = "[" + record.value().length + " bytes, not JSON]";
      }
    }
    Set<String> parties = new LinkedHashSet<>();
    if (data != null) {
      collectParties(data, parties);
    }
    return new RecordView(
        record.topic(),
        record.partition(),
        record.offset(),
        Instant.ofEpochMilli(record.timestamp()),
        MeshEventRecords.header(record.headers(), CloudEventHeaders.ID),
        type,
        subject != null ? subject : key,
        data == null ? null : sender(data),
        summary,
        parties,
        data == null ? null : withoutSealed(data));
  }

  /** {@code partition@offset}, how commands name one record of a topic. */
  public String coordinates() {
    return partition + "@" + offset;
  }

  /** One line for a terminal. */
  public String line() {
    return String.format(
        "%s  %-18s %-8s %-22s conv=%s  from=%s  %s",
        timestamp,
        topic,
        coordinates(),
        type == null ? "-" : type,
        conversation == null ? "-" : conversation,
        sender == null ? "-" : sender,
        summary);
  }

  /** One JSON object for scripts; the same facts as {@link #line()}. */
  public ObjectNode json() {
    ObjectNode json = EventCodec.mapper().createObjectNode();
    json.put("topic", topic);
    json.put("partition", partition);
    json.put("offset", offset);
    json.put("timestamp", timestamp.toString());
    json.put("id", id);
    json.put("type", type);
    json.put("conversation", conversation);
    json.put("sender", sender);
    json.put("summary", summary);
    return json;
  }

  private static String summarize(String type, JsonNode data) {
    if (type == null) {
      return "[no ce_type header]";
    }
    return switch (type) {
      case "message.created.v1", "message.edited.v1" -> content(data.path("content"));
      case "message.deleted.v1" -> "unsent " + data.path("messageId").asText();
      case "reaction.added.v1" ->
          data.path("reaction").asText() + " on " + data.path("messageId").asText();
      case "reaction.removed.v1" -> "reaction removed on " + data.path("messageId").asText();
      case "receipt.v1" ->
          data.path("status").asText()
              + (data.has("watermark")
                  ? " up to " + data.path("watermark").asText()
                  : " " + data.path("messageIds").size() + " message(s)");
      case "typing.v1" -> data.path("typing").asBoolean() ? "typing" : "stopped typing";
      case "conversation.changed.v1" -> data.path("change").asText();
      case "identity.route.v1" ->
          "person "
              + data.path("personId").asText()
              + ", "
              + data.path("routes").size()
              + " accounts";
      default -> type;
    };
  }

  private static String content(JsonNode content) {
    if ("sealed".equals(content.path("kind").asText())) {
      return sealed(content);
    }
    String text = content.path("text").asText("");
    if (text.length() > TEXT_LIMIT) {
      text = text.substring(0, TEXT_LIMIT - 1) + "…";
    }
    int attachments = content.path("attachments").size();
    String summary = text.isEmpty() ? "" : "\"" + text.replace('\n', ' ') + "\"";
    if (attachments > 0) {
      summary += (summary.isEmpty() ? "" : " + ") + attachments + " attachment(s)";
    }
    return summary.isEmpty() ? "[empty]" : summary;
  }

  /** What may be said of sealed content: that it is sealed, and its size. */
  static String sealed(JsonNode content) {
    int size = 0;
    for (JsonNode envelope : content.path("envelopes")) {
      size += envelope.path("ciphertext").asText("").length();
    }
    return "[sealed, " + size + " bytes]";
  }

  /** A copy of the data where every sealed content is replaced by {@code [sealed, N bytes]}. */
  static JsonNode withoutSealed(JsonNode data) {
    if (data.isObject() && "sealed".equals(data.path("kind").asText())) {
      return TextNode.valueOf(sealed(data));
    }
    JsonNode copy = data.deepCopy();
    if (copy.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = copy.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        field.setValue(withoutSealed(field.getValue()));
      }
    }
    return copy;
  }

  private static String sender(JsonNode data) {
    for (String field : new String[] {"sender", "account", "actor"}) {
      JsonNode account = data.path(field);
      if (account.has("platform")) {
        return account.path("platform").asText() + ":" + account.path("accountId").asText();
      }
    }
    return null;
  }

  private static void collectParties(JsonNode data, Set<String> parties) {
    for (String field : new String[] {"sender", "recipient", "account", "actor"}) {
      JsonNode account = data.path(field);
      if (account.has("platform")) {
        parties.add(account.path("platform").asText() + ":" + account.path("accountId").asText());
      }
    }
    data.path("memberPersonIds").forEach(person -> parties.add(person.asText()));
    if (data.has("personId")) {
      parties.add(data.path("personId").asText());
    }
  }
}
