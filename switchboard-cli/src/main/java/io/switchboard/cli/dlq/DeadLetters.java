package io.switchboard.cli.dlq;

import io.switchboard.cli.kafka.CliFailure;
import io.switchboard.cli.kafka.Cluster;
import io.switchboard.cli.kafka.Position;
import io.switchboard.cli.kafka.Range;
import io.switchboard.cli.replay.Ranges;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.kafka.SwitchboardHeaders;
import io.switchboard.events.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What the dlq commands share: reading the headers dead-letter writers add (adapter-kit's outbound
 * sender and the gateway's fan-out, {@link SwitchboardHeaders}), naming a dead-letter topic, and
 * fetching chosen records.
 */
final class DeadLetters {
  private DeadLetters() {}

  /** {@code inbound.messenger} and {@code inbound.messenger.dlq} both name the latter. */
  static String dlqName(String topic) {
    return topic.endsWith(Topics.DLQ_SUFFIX) ? topic : Topics.dlqOf(topic);
  }

  /** The topic a dead-letter topic's records came from. */
  static String sourceOf(String dlqTopic) {
    return dlqTopic.substring(0, dlqTopic.length() - Topics.DLQ_SUFFIX.length());
  }

  /** {@code reason=... attempts=... status=... (explanation)}, from whatever headers are there. */
  static String failure(ConsumerRecord<byte[], byte[]> record) {
    StringBuilder text = new StringBuilder();
    append(
        text, "reason", MeshEventRecords.header(record.headers(), SwitchboardHeaders.DLQ_REASON));
    append(
        text,
        "attempts",
        MeshEventRecords.header(record.headers(), SwitchboardHeaders.DLQ_ATTEMPTS));
    append(
        text, "status", MeshEventRecords.header(record.headers(), SwitchboardHeaders.DLQ_STATUS));
    String explanation =
        MeshEventRecords.header(record.headers(), SwitchboardHeaders.DLQ_EXPLANATION);
    if (explanation != null && !explanation.isBlank()) {
      text.append(" (").append(explanation).append(')');
    }
    return text.length() == 0 ? "reason unknown" : text.toString();
  }

  /** The chosen records, in the order given; refuses one the topic does not hold. */
  static Map<RecordId, ConsumerRecord<byte[], byte[]>> fetch(
      Cluster cluster, String topic, List<RecordId> ids) {
    int partitions = cluster.partitions(List.of(topic)).size();
    Map<RecordId, ConsumerRecord<byte[], byte[]>> found = new LinkedHashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer()) {
      for (RecordId id : ids) {
        if (id.partition() >= partitions) {
          throw CliFailure.badInput(
              topic + " has partitions 0 to " + (partitions - 1) + ", not " + id.partition());
        }
        TopicPartition partition = new TopicPartition(topic, id.partition());
        Range range =
            Range.resolve(
                    consumer, List.of(partition), new Position.Beginning(), new Position.End())
                .get(0);
        if (range.size() == 0) {
          throw CliFailure.badInput(
              topic + " partition " + id.partition() + " holds no records; see dlq list");
        }
        if (id.offset() < range.start() || id.offset() >= range.stop()) {
          throw CliFailure.badInput(
              topic
                  + " partition "
                  + id.partition()
                  + " holds offsets "
                  + range.start()
                  + " to "
                  + (range.stop() - 1)
                  + ", not "
                  + id.offset());
        }
        found.put(id, read(consumer, partition, id.offset(), range.stop()));
      }
    }
    return found;
  }

  private static ConsumerRecord<byte[], byte[]> read(
      KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long offset, long end) {
    consumer.assign(List.of(partition));
    consumer.seek(partition, offset);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (consumer.position(partition) < end && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() == offset) {
          return record;
        }
        if (record.offset() > offset) {
          throw CliFailure.badInput(partition + " has no record at offset " + offset);
        }
      }
    }
    throw CliFailure.badInput(partition + " has no record at offset " + offset);
  }

  /** Every record of the topic as it is now. */
  static List<ConsumerRecord<byte[], byte[]>> all(Cluster cluster, String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    Ranges.readAll(cluster, List.of(topic), records::add);
    return records;
  }

  private static void append(StringBuilder text, String name, String value) {
    if (value != null) {
      text.append(text.length() == 0 ? "" : " ").append(name).append('=').append(value);
    }
  }
}
