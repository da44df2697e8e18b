package io.switchboard.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.cli.testing.Events;
import io.switchboard.cli.testing.KafkaCli;
import io.switchboard.cli.testing.TestTopics;
import io.switchboard.events.EventType;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.kafka.SwitchboardHeaders;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
  @TempDir Path home;

  @Test
  void replaysARangeIntoAFreshTopicIdenticalToTheSourceApartFromTheReplayMarker() {
    String source = TestTopics.create("replay-source", 3);
    String target = TestTopics.create("replay-target", 3);
    for (int i = 0; i < 30; i++) {
      ProducerRecord<byte[], byte[]> record =
          Events.record(source, Events.text("conv-" + (i % 7), "message " + i));
      record.headers().add("traceparent", ("00-" + i).getBytes(StandardCharsets.UTF_8));
      TestTopics.send(record);
    }

    KafkaCli replay = KafkaCli.run(home, "replay", source, "--into", target);

    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("replayed 30 of 30 records");
    List<ConsumerRecord<byte[], byte[]>> original = TestTopics.readAll(source);
    List<ConsumerRecord<byte[], byte[]>> copy = TestTopics.readAll(target);
    assertThat(copy).hasSameSizeAs(original);
    for (int i = 0; i < original.size(); i++) {
      ConsumerRecord<byte[], byte[]> from = original.get(i);
      ConsumerRecord<byte[], byte[]> to = copy.get(i);
      assertThat(to.partition()).isEqualTo(from.partition());
      assertThat(to.offset()).isEqualTo(from.offset());
      assertThat(to.key()).isEqualTo(from.key());
      assertThat(to.value()).isEqualTo(from.value());
      assertThat(to.timestamp()).isEqualTo(from.timestamp());
      assertThat(headersWithoutMarker(to)).isEqualTo(headersWithoutMarker(from));
      assertThat(MeshEventRecords.header(to.headers(), SwitchboardHeaders.REPLAYED_FROM))
          .isEqualTo(source + "-" + from.partition() + "@" + from.offset());
      assertThat(MeshEventRecords.header(to.headers(), SwitchboardHeaders.REPLAYED)).isNotBlank();
    }
  }

  @Test
  void aDryRunCountsButWritesNothing() {
    String source = TestTopics.create("replay-dry", 2);
    String target = TestTopics.create("replay-dry-target", 2);
    for (int i = 0; i < 12; i++) {
      TestTopics.send(Events.record(source, Events.text("conv-" + (i % 3), "m" + i)));
    }
    Path dump = home.resolve("dry.jsonl");

    KafkaCli intoTopic = KafkaCli.run(home, "replay", source, "--into", target, "--dry-run");
    KafkaCli toFile = KafkaCli.run(home, "replay", source, "--dump", dump.toString(), "--dry-run");

    assertThat(intoTopic.exitCode()).as(intoTopic.err()).isZero();
    assertThat(intoTopic.out()).contains("12 of 12 records").contains("nothing was written");
    assertThat(toFile.exitCode()).isZero();
    assertThat(TestTopics.readAll(target)).isEmpty();
    assertThat(dump).doesNotExist();
  }

  @Test
  void aTimestampRangeSelectsExactlyTheRecordsFromItsStartUpToItsEnd() throws Exception {
    String source = TestTopics.create("replay-time", 2);
    long t0 = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ProducerRecord<byte[], byte[]> record =
          Events.record(source, i % 2, t0 + i * 1000L, Events.text("conv-" + (i % 2), "m" + i));
      ids.add(MeshEventRecords.header(record.headers(), CloudEventHeaders.ID));
      TestTopics.send(record);
    }
    Path dump = home.resolve("range.jsonl");

    KafkaCli replay =
        KafkaCli.run(
            home,
            "replay",
            source,
            "--from",
            "2026-11-20T10:00:05Z",
            "--to",
            "2026-11-20T10:00:12Z",
            "--dump",
            dump.toString());

    assertThat(replay.exitCode()).as(replay.err()).isZero();
    List<JsonNode> lines = jsonLines(dump);
    assertThat(lines)
        .extracting(line -> line.get("id").asText())
        .containsExactlyInAnyOrderElementsOf(ids.subList(5, 12));
    JsonNode first = lines.get(0);
    assertThat(first.get("specversion").asText()).isEqualTo("1.0");
    assertThat(first.get("type").asText()).isEqualTo(EventType.MESSAGE_CREATED.ceType());
    assertThat(first.get("partitionkey").asText()).startsWith("conv-");
    assertThat(first.get("data").get("content").get("text").asText()).startsWith("m");
    assertThat(first.get("kafkatopic").asText()).isEqualTo(source);
  }

  @Test
  void filtersByConversationAndTypeAndKeepsOffsetsAsGiven() throws Exception {
    String source = TestTopics.create("replay-filter", 1);
    for (int i = 0; i < 10; i++) {
      TestTopics.send(Events.record(source, Events.text(i < 5 ? "conv-a" : "conv-b", "m" + i)));
    }
    Path dump = home.resolve("filtered.jsonl");

    KafkaCli replay =
        KafkaCli.run(
            home,
            "replay",
            source,
            "--from",
            "2",
            "--to",
            "8",
            "--conversation",
            "conv-a",
            "--type",
            "message.created.v1",
            "--dump",
            dump.toString());

    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(jsonLines(dump))
        .extracting(line -> line.get("kafkaoffset").asLong())
        .containsExactly(2L, 3L, 4L);
  }

  @Test
  void sealedContentIsDumpedAsItIsOnTheTopicAndNeverOpened() throws Exception {
    String source = TestTopics.create("replay-sealed", 1);
    MessageCreated sealed =
        Events.message(
            "conv-sealed",
            "wamid.1",
            Events.account(io.switchboard.events.Platform.WHATSAPP),
            null,
            Events.sealed());
    TestTopics.send(Events.record(source, sealed));
    Path dump = home.resolve("sealed.jsonl");

    KafkaCli.run(home, "replay", source, "--dump", dump.toString());

    JsonNode content = jsonLines(dump).get(0).get("data").get("content");
    assertThat(content.get("kind").asText()).isEqualTo("sealed");
    assertThat(content.get("envelopes").get(0).get("ciphertext").asText())
        .isEqualTo(Events.CIPHERTEXT);
  }

  @Test
  void refusesBadInputWithOneLineAndWritesNothing() throws Exception {
    String source = TestTopics.create("replay-bad", 1);
    String target = TestTopics.create("replay-bad-target", 1);
    TestTopics.send(Events.record(source, Events.text("conv", "m")));
    Path existing = Files.writeString(home.resolve("existing.jsonl"), "keep me\n");
    Path typo = Files.writeString(home.resolve("typo.properties"), "securty.protocol=SSL\n");
    Path wrong =
        Files.writeString(
            home.resolve("wrong.properties"),
            "security.protocol=TLS_PLEASE\nssl.keystore.password=hunter2\n");
    Path garbled =
        Files.writeString(home.resolve("garbled.properties"), "ssl.key.password=\\uZZZZ\n");

    assertBadInput(
        KafkaCli.run(home, "replay", "inbound.mesenger", "--into", target), "unknown topic");
    assertBadInput(
        KafkaCli.run(home, "replay", source, "--into", "no-such-target"), "unknown topic");
    assertBadInput(
        KafkaCli.run(
            home,
            "replay",
            source,
            "--from",
            "2026-11-25T10:00:00Z",
            "--to",
            "2026-11-24T10:00:00Z",
            "--into",
            target),
        "--from is after --to");
    assertBadInput(
        KafkaCli.run(home, "replay", source, "--from", "10", "--to", "3", "--into", target),
        "--from is after --to");
    assertBadInput(
        KafkaCli.run(home, "replay", source, "--from", "yesterday", "--into", target),
        "is not a position");
    assertBadInput(KafkaCli.run(home, "replay", source, "--dump", existing.toString()), "exists");
    assertBadInput(
        KafkaCli.run(home, "replay", source, "--into", target, "--command-config", typo.toString()),
        "'securty.protocol' is not a Kafka client setting");
    KafkaCli malformed =
        KafkaCli.run(
            home, "replay", source, "--into", target, "--command-config", wrong.toString());
    assertBadInput(malformed, "security.protocol");
    assertThat(malformed.err()).doesNotContain("hunter2").doesNotContain("TLS_PLEASE");
    assertBadInput(
        KafkaCli.run(
            home, "replay", source, "--into", target, "--command-config", garbled.toString()),
        "is not a properties file");
    assertBadInput(
        KafkaCli.run(
            home,
            "replay",
            source,
            "--into",
            target,
            "--command-config",
            home.resolve("missing.properties").toString()),
        "no such file");
    assertBadInput(
        KafkaCli.run(home, "replay", source, "--type", "message.sent", "--into", target),
        "is not an event type");

    KafkaCli unreachable =
        KafkaCli.run(
            home,
            "replay",
            source,
            "--into",
            target,
            "--bootstrap-servers",
            "127.0.0.1:" + freePort(),
            "--kafka-timeout",
            "2");
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.oneLineError()).as(unreachable.err()).isTrue();
    assertThat(unreachable.err()).contains("cannot reach Kafka at 127.0.0.1:");

    assertThat(TestTopics.readAll(target)).isEmpty();
    assertThat(Files.readString(existing)).isEqualTo("keep me\n");
  }

  @Test
  void anInterruptedReplayPrintsHowToResumeAndTheResumeWritesTheRestOnce() throws Exception {
    int records = 120;
    String source = TestTopics.create("replay-interrupted", 2);
    String target = TestTopics.create("replay-interrupted-target", 2);
    // 120 records at 10 a second: the interrupt lands mid-way even when reading the target back
    // is slow on a loaded machine (with 40, the replay once finished before it).
    for (int i = 0; i < records; i++) {
      TestTopics.send(Events.record(source, Events.text("conv-" + (i % 5), "m" + i)));
    }
    Process replay =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                io.switchboard.cli.SwitchboardCommand.class.getName(),
                "--home=" + home,
                "replay",
                source,
                "--into",
                target,
                "--rate",
                "10",
                "--bootstrap-servers",
                KafkaCli.bootstrap())
            .redirectErrorStream(true)
            .start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (TestTopics.readAll(target).size() < 5 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    new ProcessBuilder("kill", "-INT", Long.toString(replay.pid())).start().waitFor();
    String output = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    replay.waitFor();

    assertThat(replay.exitValue()).as(output).isEqualTo(130);
    assertThat(output).contains("interrupted:").contains("resume with:");
    String resume =
        output
            .lines()
            .filter(l -> l.startsWith("  ./switchboard replay"))
            .findFirst()
            .orElseThrow();
    String[] args = resume.strip().replaceFirst("^\\./switchboard ", "").split(" ");
    int written = TestTopics.readAll(target).size();
    assertThat(written).isBetween(5, records - 1);

    KafkaCli rest =
        KafkaCli.run(home, Arrays.stream(args).filter(a -> !a.isEmpty()).toArray(String[]::new));

    assertThat(rest.exitCode()).as(rest.err()).isZero();
    List<String> ids =
        TestTopics.readAll(target).stream()
            .map(r -> MeshEventRecords.header(r.headers(), SwitchboardHeaders.REPLAYED_FROM))
            .toList();
    assertThat(ids).hasSize(records).doesNotHaveDuplicates();
  }

  private static void assertBadInput(KafkaCli run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.oneLineError()).as(run.err()).isTrue();
    assertThat(run.err()).contains(message);
    assertThat(run.out()).isEmpty();
  }

  private static List<String> headersWithoutMarker(ConsumerRecord<byte[], byte[]> record) {
    List<String> headers = new ArrayList<>();
    for (Header header : record.headers()) {
      if (!header.key().equals(SwitchboardHeaders.REPLAYED)
          && !header.key().equals(SwitchboardHeaders.REPLAYED_FROM)) {
        headers.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    return headers;
  }

  private static List<JsonNode> jsonLines(Path file) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(mapper.readTree(line));
    }
    return lines;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
