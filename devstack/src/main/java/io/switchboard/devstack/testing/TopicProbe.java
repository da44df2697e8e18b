package io.switchboard.devstack.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what lands on a topic from the moment the probe is opened, with a plain Kafka consumer (no
 * consumer group): what a test sees is exactly what the broker holds, headers included.
 */
public final class TopicProbe implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions;

  private TopicProbe(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
    this.consumer = consumer;
    this.partitions = partitions;
  }

  /** A probe positioned at the current end of every partition of {@code topic}. */
  public static TopicProbe fromNow(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "topic-probe-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return new TopicProbe(consumer, partitions);
  }

  /** Waits until {@code count} records arrived, or fails after {@code timeout}. */
  public List<ConsumerRecord<String, byte[]>> await(int count, Duration timeout) {
    return readUntil(
        records -> records.size() >= count,
        timeout,
        records -> "expected " + count + " records on " + topic() + ", got " + records.size());
  }

  /**
   * Reads until the records that arrived satisfy {@code done}, or fails after {@code timeout}
   * naming the keys that did arrive. For a test whose records may come after others still on their
   * way (an outbox drains on its own schedule), where counting records would take the wrong ones.
   */
  public List<ConsumerRecord<String, byte[]>> awaitUntil(
      Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
    return readUntil(
        done,
        timeout,
        records ->
            "the records on "
                + topic()
                + " never became what was expected; keys: "
                + records.stream().map(ConsumerRecord::key).toList());
  }

  private List<ConsumerRecord<String, byte[]>> readUntil(
      Predicate<List<ConsumerRecord<String, byte[]>>> done,
      Duration timeout,
      Function<List<ConsumerRecord<String, byte[]>>, String> failure) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    while (!done.test(records)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(failure.apply(records));
      }
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }
    return records;
  }

  /** Everything that arrives during {@code window}; for proving that nothing was written. */
  public List<ConsumerRecord<String, byte[]>> drain(Duration window) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    Instant end = Instant.now().plus(window);
    while (Instant.now().isBefore(end)) {
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }
    return records;
  }

  /** Records in the topic beyond this probe's position: 0 means nothing was written since. */
  public long unread() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    return partitions.stream().mapToLong(p -> ends.get(p) - consumer.position(p)).sum();
  }

  private String topic() {
    return partitions.isEmpty() ? "?" : partitions.get(0).topic();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
