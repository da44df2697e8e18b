package io.switchboard.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cli.testing.Events;
import io.switchboard.cli.testing.KafkaCli;
import io.switchboard.cli.testing.TestTopics;
import io.switchboard.events.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebuildCommandTest {
  private static final String GROUP = "gateway-service-fanout";

  @TempDir Path home;

  @Test
  void refusesWhileTheGatewayRunsThenResetsItsGroupToThePointInTime() throws Exception {
    long t0 = Instant.parse("2026-11-21T08:00:00Z").toEpochMilli();
    for (int i = 0; i < 6; i++) {
      TestTopics.send(
          Events.record(Topics.INBOUND_CLIENT, 0, t0 + i * 60_000L, Events.text("conv", "m" + i)));
    }
    TopicPartition partition = new TopicPartition(Topics.INBOUND_CLIENT, 0);
    KafkaCli refused;
    try (KafkaConsumer<byte[], byte[]> gateway = gatewayLikeConsumer()) {
      gateway.subscribe(List.of(Topics.INBOUND_CLIENT));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (gateway.assignment().isEmpty() && System.nanoTime() < deadline) {
        gateway.poll(Duration.ofMillis(200));
      }
      gateway.commitSync();
      Map<TopicPartition, OffsetAndMetadata> before = committed();

      refused =
          KafkaCli.run(
              home, "rebuild", "gateway-conversation-log", "--from", "2026-11-21T08:03:00Z");

      assertThat(committed()).isEqualTo(before);
    }
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.oneLineError()).as(refused.err()).isTrue();
    assertThat(refused.err())
        .contains("consumer group " + GROUP + " has 1 active member(s)")
        .contains("Stop the gateway")
        .contains("--wait");

    KafkaCli reset =
        KafkaCli.run(
            home,
            "rebuild",
            "gateway-conversation-log",
            "--from",
            "2026-11-21T08:03:00Z",
            "--wait",
            "30");

    assertThat(reset.exitCode()).as(reset.err()).isZero();
    assertThat(reset.out()).contains("reset " + GROUP).contains("appends each event id once");
    long expected;
    try (KafkaConsumer<byte[], byte[]> reader = gatewayLikeConsumer()) {
      expected = reader.offsetsForTimes(Map.of(partition, t0 + 180_000L)).get(partition).offset();
    }
    assertThat(committed().get(partition).offset()).isEqualTo(expected);
  }

  @Test
  void resetsTheGroupIdentityServiceLearnsLastUsedAppsWith() throws Exception {
    KafkaCli reset = KafkaCli.run(home, "rebuild", "identity-last-used", "--from", "beginning");

    assertThat(reset.exitCode()).as(reset.err()).isZero();
    assertThat(reset.out())
        .contains("reset identity-service-last-used: identity-service re-reads")
        .contains("change nothing that was recorded");
    try (Admin admin = TestTopics.admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets("identity-service-last-used")
              .partitionsToOffsetAndMetadata()
              .get();
      assertThat(offsets).containsKey(new TopicPartition(Topics.INBOUND_MESSENGER, 0));
      assertThat(offsets.values())
          .allSatisfy(o -> assertThat(o.offset()).isGreaterThanOrEqualTo(0));
    }
  }

  @Test
  void explainsThatTheRoutingViewIsRebuiltByARestart() {
    KafkaCli rebuild = KafkaCli.run(home, "rebuild", "gateway-routing-view");

    assertThat(rebuild.exitCode()).isZero();
    assertThat(rebuild.out()).contains("has no consumer group").contains("restart the gateway");
  }

  @Test
  void refusesAnUnknownReadModel() {
    KafkaCli rebuild = KafkaCli.run(home, "rebuild", "inbox");

    assertThat(rebuild.exitCode()).isEqualTo(2);
    assertThat(rebuild.oneLineError()).as(rebuild.err()).isTrue();
    assertThat(rebuild.err())
        .contains("gateway-routing-view or gateway-conversation-log or identity-last-used");
  }

  private static Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
    try (Admin admin = TestTopics.admin()) {
      return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
    }
  }

  private static KafkaConsumer<byte[], byte[]> gatewayLikeConsumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaCli.bootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
