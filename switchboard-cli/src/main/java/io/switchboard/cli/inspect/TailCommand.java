package io.switchboard.cli.inspect;

import io.switchboard.cli.kafka.CliFailure;
import io.switchboard.cli.kafka.Cluster;
import io.switchboard.cli.kafka.EventTypes;
import io.switchboard.cli.kafka.KafkaOptions;
import io.switchboard.cli.kafka.Position;
import io.switchboard.cli.kafka.Range;
import io.switchboard.cli.kafka.RecordView;
import io.switchboard.cli.kafka.StopSignal;
import io.switchboard.cli.replay.ReplayFilter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tail}: follows topics live, one readable line (or JSON object) per CloudEvent. It joins no
 * consumer group, so watching moves no service's offsets.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Follows topics and prints each event: time, topic, partition@offset, type, conversation,"
          + " sender and a short summary. Sealed content shows as [sealed, N bytes]."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:stopped (Ctrl-C or --limit)", "1:Kafka unreachable", "2:bad input"})
public class TailCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Parameters(arity = "1..*", paramLabel = "TOPIC", description = "The topics to follow.")
  List<String> topics;

  @Option(
      names = "--from",
      defaultValue = "end",
      converter = Position.Converter.class,
      paramLabel = "POSITION",
      description =
          "Where to start: end (only new events), beginning, a time or an age (1h)."
              + " Default: ${DEFAULT-VALUE}.")
  Position from;

  @Option(names = "--type", paramLabel = "TYPE", description = "Only these event types.")
  List<String> types = new ArrayList<>();

  @Option(names = "--conversation", paramLabel = "ID", description = "Only these conversations.")
  List<String> conversations = new ArrayList<>();

  @Option(
      names = "--person",
      paramLabel = "ACCOUNT|PERSON",
      description =
          "Only events naming this account (messenger:<id>) or person (every linked account).")
  List<String> people = new ArrayList<>();

  @Option(names = "--json", description = "One JSON object per line, for scripts.")
  boolean json;

  @Option(names = "--limit", paramLabel = "N", description = "Stop after N events.")
  long limit;

  @Override
  public Integer call() {
    ReplayFilter filter = new ReplayFilter(Set.copyOf(conversations), EventTypes.parse(types));
    if (limit < 0) {
      throw CliFailure.badInput("--limit must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Cluster cluster = kafka.connect()) {
      cluster.requireTopics(topics);
      Set<String> parties = Parties.resolve(cluster, people);
      List<TopicPartition> partitions = cluster.partitions(topics);
      try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer();
          StopSignal signal = StopSignal.onInterrupt(consumer::wakeup)) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> starts = Range.offsets(consumer, partitions, from);
        starts.forEach(consumer::seek);
        follow(consumer, filter, parties, out, signal);
      }
    }
    return 0;
  }

  private void follow(
      KafkaConsumer<byte[], byte[]> consumer,
      ReplayFilter filter,
      Set<String> parties,
      PrintWriter out,
      StopSignal signal) {
    long printed = 0;
    try {
      while (!signal.stopped()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (!filter.matches(record)) {
            continue;
          }
          RecordView view = RecordView.of(record);
          if (!parties.isEmpty() && Collections.disjoint(parties, view.parties())) {
            continue;
          }
          out.println(json ? view.json().toString() : view.line());
          if (limit > 0 && ++printed >= limit) {
            out.flush();
            return;
          }
        }
        out.flush();
      }
    } catch (WakeupException stopped) {
      out.flush();
    }
  }
}
