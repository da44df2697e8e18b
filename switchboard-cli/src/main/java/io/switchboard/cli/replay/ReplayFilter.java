package io.switchboard.cli.replay;

import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Which records of a range to replay, decided from the key and headers alone so that a filter costs
 * no parsing: conversations (the record key or {@code ce_subject}) and CloudEvent types. Empty sets
 * let everything through.
 *
 * @param conversations conversation ids
 * @param types full CloudEvent types, {@code switchboard.message.created.v1}
 */
public record ReplayFilter(Set<String> conversations, Set<String> types) {
  public ReplayFilter {
    conversations = Set.copyOf(conversations);
    types = Set.copyOf(types);
  }

  public static ReplayFilter all() {
    return new ReplayFilter(Set.of(), Set.of());
  }

  public boolean matches(ConsumerRecord<byte[], byte[]> record) {
    if (!types.isEmpty()
        && !types.contains(MeshEventRecords.header(record.headers(), CloudEventHeaders.TYPE))) {
      return false;
    }
    if (conversations.isEmpty()) {
      return true;
    }
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    return conversations.contains(key)
        || conversations.contains(
            MeshEventRecords.header(record.headers(), CloudEventHeaders.SUBJECT));
  }
}
