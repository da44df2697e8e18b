package io.switchboard.cli.dlq;

import io.switchboard.cli.kafka.Cluster;
import io.switchboard.cli.kafka.KafkaOptions;
import io.switchboard.cli.kafka.RecordView;
import io.switchboard.events.topics.TopicCatalogue;
import io.switchboard.events.topics.TopicSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlq list}: every dead-lettered record, with why it failed. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "Lists dead-lettered records (partition@offset, time, type, conversation, failure) of the"
            + " given topics, or of every catalogued dead-letter topic.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:listed", "1:Kafka unreachable", "2:bad input"})
public class DlqListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Parameters(
      arity = "0..*",
      paramLabel = "TOPIC",
      description = "Dead-letter topics, or the topics they belong to (inbound.messenger).")
  List<String> topics = new ArrayList<>();

  @Option(names = "--json", description = "One JSON object per record, for scripts.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Cluster cluster = kafka.connect()) {
      List<String> dlqs = chosen(cluster);
      long count = 0;
      for (String dlq : dlqs) {
        for (ConsumerRecord<byte[], byte[]> record : DeadLetters.all(cluster, dlq)) {
          RecordView view = RecordView.of(record);
          String failure = DeadLetters.failure(record);
          if (json) {
            out.println(view.json().put("failure", failure));
          } else {
            out.printf(
                "%s %s  %s  %s  conv=%s  %s%n",
                dlq,
                view.coordinates(),
                view.timestamp(),
                view.type() == null ? "-" : view.type(),
                view.conversation() == null ? "-" : view.conversation(),
                failure);
          }
          count++;
        }
      }
      if (!json) {
        out.printf(
            "%d dead-lettered record(s) in %d topic(s); see one with ./switchboard dlq show TOPIC"
                + " PARTITION@OFFSET%n",
            count, dlqs.size());
      }
      out.flush();
      return 0;
    }
  }

  private List<String> chosen(Cluster cluster) {
    if (!topics.isEmpty()) {
      List<String> dlqs = topics.stream().map(DeadLetters::dlqName).distinct().toList();
      cluster.requireTopics(dlqs);
      return dlqs;
    }
    Set<String> existing = cluster.topicNames();
    return TopicCatalogue.get().topics().stream()
        .filter(TopicSpec::deadLetter)
        .map(TopicSpec::name)
        .filter(existing::contains)
        .toList();
  }
}
