package io.switchboard.cli.replay;

import io.switchboard.cli.kafka.CliFailure;
import io.switchboard.cli.kafka.Cluster;
import io.switchboard.cli.kafka.EventTypes;
import io.switchboard.cli.kafka.KafkaOptions;
import io.switchboard.cli.kafka.Position;
import io.switchboard.cli.kafka.Progress;
import io.switchboard.cli.kafka.Range;
import io.switchboard.cli.kafka.StopSignal;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: copies a range of a topic into a topic or a CloudEvents JSON lines file. Every
 * input is checked, and the cluster asked, before anything is written; Ctrl-C stops after the
 * records handled so far are safe and prints the command that resumes exactly there.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a range of a topic into a topic (--into) or a CloudEvents JSON lines file (--dump).",
      "Replayed records keep their key, value, timestamp and headers (so their event id) and"
          + " carry switchboard_replayed and switchboard_replayed_from."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:replayed (or counted, with --dry-run)",
      "1:Kafka unreachable or refused a record",
      "2:bad input; nothing was written",
      "130:interrupted; the resume command was printed"
    })
public class ReplayCommand implements Callable<Integer> {
  static final int INTERRUPTED = 130;

  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to read.")
  String topic;

  @Option(
      names = "--from",
      defaultValue = "beginning",
      converter = Position.Converter.class,
      paramLabel = "POSITION",
      description =
          "Where to start (included): beginning, an offset, offsets per partition (0=120,1=98), a"
              + " time (2026-11-25T10:00:00Z) or an age (2h). Default: ${DEFAULT-VALUE}.")
  Position from;

  @Option(
      names = "--to",
      defaultValue = "end",
      converter = Position.Converter.class,
      paramLabel = "POSITION",
      description =
          "Where to stop (not included), in the same forms; end is the end when the replay"
              + " starts. Default: ${DEFAULT-VALUE}.")
  Position to;

  @Option(names = "--partition", paramLabel = "N", description = "Only these partitions.")
  List<Integer> partitions = new ArrayList<>();

  @Option(names = "--conversation", paramLabel = "ID", description = "Only these conversations.")
  List<String> conversations = new ArrayList<>();

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description = "Only these event types, e.g. message.created.v1.")
  List<String> types = new ArrayList<>();

  @Option(names = "--into", paramLabel = "TOPIC", description = "Write into this topic.")
  String into;

  @Option(names = "--dump", paramLabel = "FILE", description = "Write CloudEvents JSON lines.")
  Path dump;

  @Option(names = "--append", description = "Append to an existing --dump file.")
  boolean append;

  @Option(names = "--dry-run", description = "Count what would be replayed; write nothing.")
  boolean dryRun;

  @Option(
      names = "--rate",
      paramLabel = "RECORDS/S",
      description = "At most this many records a second (default: as fast as possible).")
  long rate;

  @Override
  public Integer call() throws IOException {
    Set<String> ceTypes = checkInput();
    try (Cluster cluster = kafka.connect()) {
      cluster.requireTopics(into == null ? List.of(topic) : List.of(topic, into));
      List<TopicPartition> all = cluster.partitions(List.of(topic));
      List<TopicPartition> chosen = choose(all);
      boolean keepPartitions =
          into != null && cluster.partitions(List.of(into)).size() == all.size();
      try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer()) {
        List<Range> ranges = Range.resolve(consumer, chosen, from, to);
        long total = ranges.stream().mapToLong(Range::size).sum();
        long started = System.nanoTime();
        try (ReplaySink sink = sink(cluster, keepPartitions);
            StopSignal signal = StopSignal.onInterrupt(consumer::wakeup)) {
          Replayer.Result result =
              new Replayer(
                      consumer,
                      new ReplayFilter(Set.copyOf(conversations), ceTypes),
                      sink,
                      rate,
                      dryRun ? Progress.none() : Progress.forTerminal(total),
                      signal::stopped)
                  .run(ranges);
          double seconds = (System.nanoTime() - started) / 1e9;
          return report(result, ranges, seconds);
        }
      }
    }
  }

  private Set<String> checkInput() {
    if (into != null && dump != null) {
      throw CliFailure.badInput("give either --into or --dump, not both");
    }
    if (into == null && dump == null && !dryRun) {
      throw CliFailure.badInput("say where to: --into TOPIC, --dump FILE, or --dry-run to count");
    }
    if (rate < 0) {
      throw CliFailure.badInput("--rate must be positive");
    }
    if (from.isAfter(to)) {
      throw CliFailure.badInput("--from is after --to, so the range is empty: swap them");
    }
    if (append && dump == null) {
      throw CliFailure.badInput("--append goes with --dump FILE");
    }
    if (dump != null) {
      Path parent = dump.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw CliFailure.badInput("--dump " + dump + ": the directory " + parent + " is missing");
      }
      if (Files.exists(dump) && !append && !dryRun) {
        throw CliFailure.badInput(
            "--dump " + dump + " exists: choose another file, delete it, or add --append");
      }
    }
    return EventTypes.parse(types);
  }

  private List<TopicPartition> choose(List<TopicPartition> all) {
    if (partitions.isEmpty()) {
      return all;
    }
    for (int partition : partitions) {
      if (partition < 0 || partition >= all.size()) {
        throw CliFailure.badInput(
            topic + " has partitions 0 to " + (all.size() - 1) + ", not " + partition);
      }
    }
    return all.stream().filter(p -> partitions.contains(p.partition())).toList();
  }

  private ReplaySink sink(Cluster cluster, boolean keepPartitions) throws IOException {
    if (dryRun) {
      return ReplaySink.nowhere();
    }
    if (into != null) {
      return new TopicSink(cluster.producer(new Properties()), into, keepPartitions, Instant.now());
    }
    return new DumpSink(dump, append);
  }

  private int report(Replayer.Result result, List<Range> ranges, double seconds) {
    PrintWriter out = spec.commandLine().getOut();
    String where = into != null ? " into " + into : dump != null ? " to " + dump : "";
    if (!result.complete()) {
      out.printf(
          "interrupted: %,d records of %s replayed%s before Ctrl-C (each one acknowledged);"
              + " resume with:%n  %s%n",
          result.written(), topic, where, resumeCommand(result.next(), ranges));
      out.flush();
      return INTERRUPTED;
    }
    if (dryRun) {
      out.printf(
          "dry run: %,d of %,d records in the range of %s would be replayed%s; nothing was"
              + " written%n",
          result.written(), result.read(), topic, where);
      for (Range range : ranges) {
        if (range.size() > 0) {
          out.printf(
              "  partition %d: offsets %d to %d (%d records before filters)%n",
              range.partition().partition(), range.start(), range.stop() - 1, range.size());
        }
      }
    } else {
      out.printf(
          "replayed %,d of %,d records in the range of %s%s in %.1f s (%,.0f records/s)%n",
          result.written(),
          result.read(),
          topic,
          where,
          seconds,
          result.written() / Math.max(seconds, 1e-3));
    }
    out.flush();
    return 0;
  }

  private String resumeCommand(Map<TopicPartition, Long> next, List<Range> ranges) {
    StringBuilder command =
        new StringBuilder("./switchboard replay ")
            .append(topic)
            .append(" --from ")
            .append(
                next.entrySet().stream()
                    .map(e -> e.getKey().partition() + "=" + e.getValue())
                    .collect(Collectors.joining(",")))
            .append(" --to ")
            .append(
                ranges.stream()
                    .map(r -> r.partition().partition() + "=" + r.stop())
                    .collect(Collectors.joining(",")));
    conversations.forEach(c -> command.append(" --conversation ").append(c));
    types.forEach(t -> command.append(" --type ").append(t));
    if (into != null) {
      command.append(" --into ").append(into);
    } else if (dump != null) {
      command.append(" --dump ").append(dump).append(" --append");
    }
    if (rate > 0) {
      command.append(" --rate ").append(rate);
    }
    return command.append(kafka.asArgs()).toString();
  }
}
