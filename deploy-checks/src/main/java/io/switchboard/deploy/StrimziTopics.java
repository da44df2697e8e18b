package io.switchboard.deploy;

import io.switchboard.events.topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code KafkaTopic} resources of the catalogue, as Strimzi's Topic Operator wants them.
 * Written as YAML text rather than through a model, so the committed file is stable byte for byte
 * and reviewable in a diff; replication is the cluster's ({@value #REPLICAS}), partitions and topic
 * settings are the catalogue's.
 */
public final class StrimziTopics {
  /** Replicas of every topic: three brokers, so one may be down while writes still reach two. */
  public static final int REPLICAS = 3;

  /** The Strimzi cluster the Topic Operator attaches topics to, by its label. */
  public static final String CLUSTER = "switchboard";

  private StrimziTopics() {}

  /** One YAML document per topic, in catalogue order. */
  public static String render(List<TopicSpec> topics) {
    StringBuilder out = new StringBuilder();
    out.append(GeneratedFiles.HEADER);
    for (TopicSpec topic : topics) {
      out.append("---\n")
          .append("apiVersion: kafka.strimzi.io/v1\n")
          .append("kind: KafkaTopic\n")
          .append("metadata:\n")
          .append("  name: ")
          .append(resourceName(topic.name()))
          .append('\n')
          .append("  labels:\n")
          .append("    strimzi.io/cluster: ")
          .append(CLUSTER)
          .append('\n')
          .append("spec:\n")
          .append("  topicName: ")
          .append(topic.name())
          .append('\n')
          .append("  partitions: ")
          .append(topic.partitions())
          .append('\n')
          .append("  replicas: ")
          .append(REPLICAS)
          .append('\n')
          .append("  config:\n");
      for (Map.Entry<String, String> setting : new TreeMap<>(topic.config()).entrySet()) {
        out.append("    ")
            .append(setting.getKey())
            .append(": \"")
            .append(setting.getValue())
            .append("\"\n");
      }
    }
    return out.toString();
  }

  /** Kubernetes names allow no underscores and no upper case; topic names here have neither. */
  public static String resourceName(String topic) {
    return topic.replace('.', '-');
  }
}
