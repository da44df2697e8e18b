package io.switchboard.bench;

import io.switchboard.cli.SwitchboardCommand;
import io.switchboard.devstack.DevstackProcess;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;

/**
 * Replay throughput of {@code switchboard replay} with the broker on the same machine: a topic of
 * mesh events (six partitions, {@code message.created.v1} of a typical length) is (1) dumped to a
 * CloudEvents JSON lines file and (2) replayed into another topic, each through the command itself
 * in this JVM, and (3) read by Kafka's own ConsumerPerformance in the same run, so the ratio can be
 * read.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -q install -DskipTests}: {@code java -cp
 * "bench/target/bench.jar:bench/target/lib/*" io.switchboard.bench.ReplayBenchmark [records]}
 */
public final class ReplayBenchmark {
  private static final String SOURCE = "bench.replay-source";
  private static final String TARGET = "bench.replay-target";
  private static final int PARTITIONS = 6;

  private ReplayBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path work = WebhookLoad.workDirectory("replay-bench");
    try (DevstackProcess devstack = WebhookLoad.startDevstack(work)) {
      String bootstrap = devstack.endpoints().kafkaBootstrapServers();
      createTopics(bootstrap);
      long bytes = fill(bootstrap, records);
      System.out.printf(
          "source: %,d records, %.1f MB of values, %d partitions%n",
          records, bytes / 1e6, PARTITIONS);
      Path dump = work.resolve("replay-" + UUID.randomUUID() + ".jsonl");
      replay(bootstrap, "dump to file", records, "--dump", dump.toString());
      System.out.printf("  dump file: %.1f MB%n", Files.size(dump) / 1e6);
      Files.delete(dump);
      replay(bootstrap, "topic to topic", records, "--into", TARGET);
      consumerPerformance(bootstrap, records);
    }
  }

  private static void createTopics(String bootstrap) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(SOURCE, PARTITIONS, (short) 1),
                  new NewTopic(TARGET, PARTITIONS, (short) 1)))
          .all()
          .get();
    }
  }

  /**
   * Writes the source topic: a thousand conversations, each record with its own event id. The data
   * of each conversation is encoded once, so filling costs the broker, not the schema check.
   */
  private static long fill(String bootstrap, int records) throws Exception {
    List<ProducerRecord<String, byte[]>> templates = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      AccountRef user = AccountRef.of(Platform.MESSENGER, Long.toString(24_000_000_000L + i));
      AccountRef page = AccountRef.of(Platform.MESSENGER, "100000000000001");
      Instant now = Instant.now();
      MessageCreated message =
          new MessageCreated(
              "messenger:100000000000001:" + user.accountId(),
              "m_" + UUID.randomUUID(),
              user,
              page,
              PlainContent.text(
                  "A benchmark message of a typical length, about as long as people write."),
              null,
              null,
              null,
              now,
              now);
      templates.add(
          MeshEventRecords.toRecord(
              SOURCE,
              MeshEvent.of(
                  EventIds.random(), MeshEvent.sourceOf("messenger-adapter"), now, message)));
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    long bytes = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < records; i++) {
        ProducerRecord<String, byte[]> template = templates.get(i % templates.size());
        ProducerRecord<byte[], byte[]> record =
            new ProducerRecord<>(
                SOURCE,
                null,
                null,
                template.key().getBytes(StandardCharsets.UTF_8),
                template.value(),
                template.headers());
        record.headers().remove(CloudEventHeaders.ID);
        record
            .headers()
            .add(CloudEventHeaders.ID, EventIds.random().getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        bytes += template.value().length;
      }
      producer.flush();
    }
    return bytes;
  }

  /** Runs {@code switchboard replay} in this JVM and prints its throughput. */
  private static void replay(String bootstrap, String label, int records, String... where) {
    List<String> args =
        new ArrayList<>(List.of("replay", SOURCE, "--bootstrap-servers", bootstrap));
    args.addAll(List.of(where));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SwitchboardCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    long start = System.nanoTime();
    int code = cli.execute(args.toArray(String[]::new));
    double seconds = (System.nanoTime() - start) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("replay failed (" + code + "): " + err);
    }
    System.out.printf(
        "replay, %s: %,d records in %.1f s, %,.0f records/s (the command: %s)%n",
        label, records, seconds, records / seconds, out.toString().strip());
  }

  /** Kafka's own consumer benchmark on the same topic. */
  private static void consumerPerformance(String bootstrap, int records) throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                DevstackProcess.classPath(),
                "org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server",
                bootstrap,
                "--topic",
                SOURCE,
                "--messages",
                Integer.toString(records),
                "--timeout",
                "60000")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    String[] lines = output.strip().split("\n");
    System.out.println("kafka ConsumerPerformance: " + lines[0]);
    System.out.println("kafka ConsumerPerformance: " + lines[lines.length - 1]);
  }
}
