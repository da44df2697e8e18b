package io.switchboard.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cli.testing.Events;
import io.switchboard.cli.testing.KafkaCli;
import io.switchboard.cli.testing.TestTopics;
import io.switchboard.events.Platform;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.kafka.SwitchboardHeaders;
import io.switchboard.events.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DlqCommandTest {
  @TempDir Path home;
  private String source;
  private String dlq;
  private final List<String> eventIds = new ArrayList<>();

  @BeforeEach
  void deadLetterThreeRecords() {
    source = "outbound.test-" + UUID.randomUUID().toString().substring(0, 8);
    dlq = Topics.dlqOf(source);
    TestTopics.createNamed(source, 3);
    TestTopics.createNamed(dlq, 1);
    deadLetter(Events.text("conv-1", "first"), "invalid_recipient");
    deadLetter(
        Events.message(
            "conv-2",
            "wamid.2",
            Events.account(Platform.WHATSAPP),
            Events.account(Platform.WHATSAPP),
            Events.sealed()),
        "recipient-has-no-e2e-endpoint");
    deadLetter(Events.text("conv-3", "third"), "outside_window");
  }

  @Test
  void redriveSendsEachChosenRecordBackOnceHoweverOftenItRuns() {
    KafkaCli first = KafkaCli.run(home, "dlq", "redrive", dlq, "0@0", "0@2");
    KafkaCli again = KafkaCli.run(home, "dlq", "redrive", dlq, "0@0", "0@2");
    KafkaCli rest = KafkaCli.run(home, "dlq", "redrive", source, "--all");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("redrove 2 record(s) to " + source);
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("redrove 0 record(s)").contains("skipped 2 already redriven");
    assertThat(rest.out()).contains("redrove 1 record(s)").contains(dlq + "-0@1");
    List<ConsumerRecord<byte[], byte[]>> redriven = TestTopics.readAll(source);
    assertThat(redriven)
        .extracting(r -> MeshEventRecords.header(r.headers(), CloudEventHeaders.ID))
        .containsExactlyInAnyOrderElementsOf(eventIds);
    assertThat(redriven)
        .extracting(r -> MeshEventRecords.header(r.headers(), SwitchboardHeaders.REDRIVEN_FROM))
        .containsExactlyInAnyOrder(dlq + "-0@0", dlq + "-0@1", dlq + "-0@2");
    for (ConsumerRecord<byte[], byte[]> record : redriven) {
      for (Header header : record.headers()) {
        assertThat(header.key()).doesNotStartWith(SwitchboardHeaders.DLQ_PREFIX);
      }
    }
  }

  @Test
  void aDryRunRedrivesNothing() {
    KafkaCli dry = KafkaCli.run(home, "dlq", "redrive", dlq, "--all", "--dry-run");

    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("would redrive 3 record(s)");
    assertThat(TestTopics.readAll(source)).isEmpty();
  }

  @Test
  void listAndShowGiveTheReasonsAndNeverOpenSealedContent() {
    KafkaCli list = KafkaCli.run(home, "dlq", "list", source);
    KafkaCli show = KafkaCli.run(home, "dlq", "show", dlq, "0@1");

    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out())
        .contains(dlq + " 0@0")
        .contains("reason=invalid_recipient attempts=1 status=400")
        .contains("reason=outside_window")
        .contains("3 dead-lettered record(s) in 1 topic(s)");
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("failure: reason=recipient-has-no-e2e-endpoint")
        .contains("ce_type: switchboard.message.created.v1")
        .contains("[sealed, " + Events.CIPHERTEXT.length() + " bytes]")
        .doesNotContain(Events.CIPHERTEXT);
    assertThat(list.out()).doesNotContain(Events.CIPHERTEXT);
  }

  @Test
  void refusesRecordsTheTopicDoesNotHoldAndSendsNothing() {
    KafkaCli missing = KafkaCli.run(home, "dlq", "redrive", dlq, "0@0", "0@9");
    KafkaCli badPartition = KafkaCli.run(home, "dlq", "redrive", dlq, "4@0");
    KafkaCli garbled = KafkaCli.run(home, "dlq", "redrive", dlq, "zero");
    KafkaCli neither = KafkaCli.run(home, "dlq", "redrive", dlq);
    KafkaCli unknown = KafkaCli.run(home, "dlq", "show", "no-such-topic", "0@0");

    for (KafkaCli run : List.of(missing, badPartition, garbled, neither, unknown)) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.oneLineError()).as(run.err()).isTrue();
    }
    assertThat(missing.err()).contains("holds offsets 0 to 2, not 9");
    assertThat(badPartition.err()).contains("partitions 0 to 0, not 4");
    assertThat(garbled.err()).contains("PARTITION@OFFSET");
    assertThat(unknown.err()).contains("unknown topic 'no-such-topic.dlq'");
    assertThat(TestTopics.readAll(source)).isEmpty();
  }

  private void deadLetter(io.switchboard.events.data.EventData data, String reason) {
    ProducerRecord<byte[], byte[]> record = Events.record(dlq, data);
    eventIds.add(MeshEventRecords.header(record.headers(), CloudEventHeaders.ID));
    record.headers().add(SwitchboardHeaders.DLQ_REASON, reason.getBytes(StandardCharsets.UTF_8));
    record.headers().add(SwitchboardHeaders.DLQ_ATTEMPTS, "1".getBytes(StandardCharsets.UTF_8));
    record.headers().add(SwitchboardHeaders.DLQ_STATUS, "400".getBytes(StandardCharsets.UTF_8));
    TestTopics.send(record);
  }
}
