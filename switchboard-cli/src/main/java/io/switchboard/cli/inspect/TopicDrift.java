package io.switchboard.cli.inspect;

import io.switchboard.events.topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one topic of the catalogue looks on the cluster.
 *
 * @param spec what the catalogue says
 * @param exists whether the cluster has it
 * @param partitions its partitions on the cluster, 0 when missing
 * @param config its settings on the cluster, for the keys the catalogue sets
 */
record TopicDrift(TopicSpec spec, boolean exists, int partitions, Map<String, String> config) {

  /** Every difference, readable; empty when the topic is as catalogued. */
  List<String> differences() {
    List<String> differences = new ArrayList<>();
    if (!exists) {
      differences.add("missing");
      return differences;
    }
    if (partitions != spec.partitions()) {
      differences.add("partitions " + partitions + " (catalogue " + spec.partitions() + ")");
    }
    spec.config()
        .forEach(
            (key, wanted) -> {
              String actual = config.get(key);
              if (!wanted.equals(actual)) {
                differences.add(key + " " + actual + " (catalogue " + wanted + ")");
              }
            });
    return differences;
  }
}
