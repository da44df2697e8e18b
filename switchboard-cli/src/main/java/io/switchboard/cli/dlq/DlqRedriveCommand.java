package io.switchboard.cli.dlq;

import io.switchboard.cli.kafka.CliFailure;
import io.switchboard.cli.kafka.Cluster;
import io.switchboard.cli.kafka.KafkaOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dlq redrive}: sends chosen dead letters back to the topic they failed on, each one once
 * (see {@link Redriver}), without their {@code switchboard_dlq_*} headers and otherwise unchanged.
 */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    description = {
      "Sends dead-lettered records back to their source topic (the dead-letter topic's name"
          + " without .dlq), each at most once however often this is run.",
      "They keep key, value and headers (so their event id) minus switchboard_dlq_*, and carry"
          + " switchboard_redriven_from and switchboard_redriven_at."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:sent (or nothing left to send)",
      "1:Kafka unreachable or refused",
      "2:bad input; nothing was sent"
    })
public class DlqRedriveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "The dead-letter topic.")
  String topic;

  @Parameters(
      index = "1..*",
      arity = "0..*",
      paramLabel = "PARTITION@OFFSET",
      description = "The records to send back, as dlq list prints them.")
  List<String> records = new ArrayList<>();

  @Option(names = "--all", description = "Every record of the dead-letter topic.")
  boolean all;

  @Option(names = "--dry-run", description = "Say what would be sent; send nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    String dlq = DeadLetters.dlqName(topic);
    List<RecordId> ids = records.stream().map(RecordId::parse).toList();
    if (ids.isEmpty() == !all) {
      throw CliFailure.badInput("name the records (PARTITION@OFFSET ...) or give --all, not both");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Cluster cluster = kafka.connect()) {
      cluster.requireTopics(List.of(dlq, DeadLetters.sourceOf(dlq)));
      List<ConsumerRecord<byte[], byte[]>> deadLetters =
          all
              ? DeadLetters.all(cluster, dlq)
              : List.copyOf(DeadLetters.fetch(cluster, dlq, ids).values());
      Redriver.Outcome outcome = new Redriver(cluster, dlq).redrive(deadLetters, dryRun);
      String source = DeadLetters.sourceOf(dlq);
      out.printf(
          "%s %d record(s) to %s%s%n",
          dryRun ? "would redrive" : "redrove",
          outcome.sent().size(),
          source,
          outcome.sent().isEmpty() ? "" : ": " + String.join(", ", outcome.sent()));
      if (!outcome.skipped().isEmpty()) {
        out.printf(
            "skipped %d already redriven earlier: %s%n",
            outcome.skipped().size(), String.join(", ", outcome.skipped()));
      }
      out.flush();
      return 0;
    }
  }
}
