package io.switchboard.cli.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.cli.kafka.Cluster;
import io.switchboard.cli.kafka.KafkaOptions;
import io.switchboard.events.EventCodec;
import io.switchboard.events.topics.TopicCatalogue;
import io.switchboard.events.topics.TopicSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code topics}: the catalogue in {@code mesh-events} next to the cluster, so a missing topic or a
 * wrong partition count or setting is seen before a service trips over it.
 */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description =
        "Compares the mesh's topic catalogue with the cluster: missing topics, partitions and"
            + " settings (cleanup.policy, retention.ms, ...).",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every catalogued topic is there as catalogued",
      "1:Kafka unreachable",
      "2:bad input",
      "3:the cluster differs from the catalogue"
    })
public class TopicsCommand implements Callable<Integer> {
  static final int DIFFERS = 3;

  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(names = "--json", description = "Print JSON for scripts.")
  boolean json;

  @Override
  public Integer call() {
    try (Cluster cluster = kafka.connect()) {
      List<TopicDrift> drifts = compare(cluster);
      List<String> extra =
          cluster.topicNames().stream()
              .filter(name -> !name.startsWith("_"))
              .filter(name -> TopicCatalogue.get().find(name).isEmpty())
              .toList();
      boolean same = drifts.stream().allMatch(d -> d.differences().isEmpty());
      PrintWriter out = spec.commandLine().getOut();
      out.print(json ? json(cluster, drifts, extra) : table(cluster, drifts, extra, same));
      out.flush();
      return same ? 0 : DIFFERS;
    }
  }

  private static List<TopicDrift> compare(Cluster cluster) {
    List<TopicSpec> catalogue = TopicCatalogue.get().topics();
    Set<String> existing = cluster.topicNames();
    List<String> present =
        catalogue.stream().map(TopicSpec::name).filter(existing::contains).toList();
    Map<String, TopicDescription> descriptions = cluster.describe(present);
    Map<ConfigResource, Config> configs =
        cluster.await(
            cluster
                .admin()
                .describeConfigs(
                    present.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .toList())
                .all());
    List<TopicDrift> drifts = new ArrayList<>();
    for (TopicSpec spec : catalogue) {
      TopicDescription description = descriptions.get(spec.name());
      Map<String, String> config = new HashMap<>();
      Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
      if (actual != null) {
        spec.config().keySet().stream()
            .filter(key -> actual.get(key) != null)
            .forEach(key -> config.put(key, actual.get(key).value()));
      }
      drifts.add(
          new TopicDrift(
              spec,
              description != null,
              description == null ? 0 : description.partitions().size(),
              config));
    }
    return drifts;
  }

  private static String table(
      Cluster cluster, List<TopicDrift> drifts, List<String> extra, boolean same) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "%s: %d catalogued topics%n%n",
            cluster.bootstrap(), TopicCatalogue.get().topics().size()));
    text.append(String.format("%-26s %-10s %s%n", "TOPIC", "PARTITIONS", "STATE"));
    for (TopicDrift drift : drifts) {
      List<String> differences = drift.differences();
      text.append(
          String.format(
              "%-26s %-10s %s%n",
              drift.spec().name(),
              drift.exists() ? drift.partitions() : "-",
              differences.isEmpty() ? "ok" : String.join("; ", differences)));
    }
    if (!extra.isEmpty()) {
      text.append(String.format("%nnot in the catalogue: %s%n", String.join(", ", extra)));
    }
    if (!same) {
      text.append(
          String.format(
              "%nThe devstack (./switchboard up) and the k8s KafkaTopic resources create missing"
                  + " topics from the catalogue; partitions can only grow and settings change"
                  + " with kafka-topics/kafka-configs --alter.%n"));
    }
    return text.toString();
  }

  private static String json(Cluster cluster, List<TopicDrift> drifts, List<String> extra) {
    ObjectNode root = EventCodec.mapper().createObjectNode();
    root.put("bootstrapServers", cluster.bootstrap());
    ArrayNode topics = root.putArray("topics");
    for (TopicDrift drift : drifts) {
      ObjectNode topic = topics.addObject();
      topic.put("name", drift.spec().name());
      topic.put("exists", drift.exists());
      topic.put("partitions", drift.partitions());
      topic.put("cataloguePartitions", drift.spec().partitions());
      drift.differences().forEach(topic.putArray("differences")::add);
    }
    extra.forEach(root.putArray("notInCatalogue")::add);
    return root.toPrettyString() + System.lineSeparator();
  }
}
