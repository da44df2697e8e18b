package io.switchboard.events.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One topic of the catalogue.
 *
 * @param name the topic name, also the channel name of the services
 * @param key what the record key is (conversationId, accountOrPersonId)
 * @param partitions the number of partitions; bounds the parallelism of consumers
 * @param config the topic-level Kafka settings (retention, compaction)
 * @param events the CloudEvent types the topic carries
 * @param description what the topic is for
 */
public record TopicSpec(
    String name,
    String key,
    int partitions,
    Map<String, String> config,
    List<String> events,
    String description) {
  public TopicSpec {
    config = Map.copyOf(config);
    events = List.copyOf(events);
  }

  public boolean compacted() {
    return config.getOrDefault("cleanup.policy", "delete").contains("compact");
  }

  /** How long records are kept; empty when the topic is compacted without a time limit. */
  public Optional<Duration> retention() {
    String ms = config.get("retention.ms");
    if (ms == null || Long.parseLong(ms) < 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(Long.parseLong(ms)));
  }

  public boolean deadLetter() {
    return name.endsWith(Topics.DLQ_SUFFIX);
  }
}
