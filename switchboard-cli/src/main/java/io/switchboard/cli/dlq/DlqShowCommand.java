package io.switchboard.cli.dlq;

import io.switchboard.cli.kafka.Cluster;
import io.switchboard.cli.kafka.KafkaOptions;
import io.switchboard.cli.kafka.RecordView;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlq show}: one dead-lettered record in full, sealed content replaced by its size. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "Shows one dead-lettered record: its failure, key, headers and data (sealed content as"
            + " [sealed, N bytes]).",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:shown", "1:Kafka unreachable", "2:bad input"})
public class DlqShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "The dead-letter topic.")
  String topic;

  @Parameters(
      index = "1",
      paramLabel = "PARTITION@OFFSET",
      converter = RecordId.Converter.class,
      description = "The record, as dlq list prints it.")
  RecordId id;

  @Override
  public Integer call() {
    String dlq = DeadLetters.dlqName(topic);
    PrintWriter out = spec.commandLine().getOut();
    try (Cluster cluster = kafka.connect()) {
      cluster.requireTopics(List.of(dlq));
      ConsumerRecord<byte[], byte[]> record = DeadLetters.fetch(cluster, dlq, List.of(id)).get(id);
      RecordView view = RecordView.of(record);
      out.printf("%s %s, written %s%n", dlq, id, view.timestamp());
      out.printf("failure: %s%n", DeadLetters.failure(record));
      out.printf(
          "key: %s%n",
          record.key() == null ? "-" : new String(record.key(), StandardCharsets.UTF_8));
      out.println("headers:");
      for (Header header : record.headers()) {
        out.printf(
            "  %s: %s%n",
            header.key(),
            header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
      }
      out.printf("summary: %s%n", view.summary());
      out.println("data:");
      out.println(view.data() == null ? "  -" : view.data().toPrettyString());
      out.printf("redrive it with: ./switchboard dlq redrive %s %s%s%n", dlq, id, kafka.asArgs());
      out.flush();
      return 0;
    }
  }
}
