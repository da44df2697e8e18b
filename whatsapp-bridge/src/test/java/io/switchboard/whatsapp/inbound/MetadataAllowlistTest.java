package io.switchboard.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.topics.Topics;
import io.switchboard.whatsapp.Rows;
import io.switchboard.whatsapp.Webhooks;
import io.switchboard.whatsapp.keys.DeviceKeyRoutes;
import io.switchboard.whatsapp.keys.KnownDeviceKeys;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metadata allowlist, enforced: a webhook carrying a profile name, a username, profile picture
 * URLs, a group's subject and its member list (names and phone numbers) leaves none of them on
 * Kafka (keys, values, headers of every record of the topic), in any table of the bridge's schemas,
 * or in any log line, even at debug level.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class MetadataAllowlistTest {
  private static final List<String> DROPPED =
      List.of(
          "Zebulon",
          "Quackenbush",
          "zeb.quackenbush",
          "zebulon-profile-0815",
          "pps.whatsapp.net",
          "Reunion",
          "Philippa",
          "Marchetti",
          "Thaddeus",
          "Villanueva",
          "447700900123",
          "447700900456",
          "447700900789");

  @Inject KnownDeviceKeys keys;

  /** The device keys this class's pushes name are current, as identity.links says. */
  @BeforeEach
  void registerDeviceKeys() {
    DeviceKeyRoutes.ensureKnown(keys, "dk_zebulon_phone", "dk_philippa_phone");
  }

  @Inject DataSource db;

  @Test
  void profilesPicturesAndGroupMembersNeverLeaveTheBridge() {
    List<String> logs = new CopyOnWriteArrayList<>();
    Logger switchboard = Logger.getLogger("io.switchboard");
    Level level = switchboard.getLevel();
    Handler capture = capture(logs);
    Logger.getLogger("").addHandler(capture);
    switchboard.setLevel(Level.FINEST);
    try (TopicProbe probe = Webhooks.probe()) {
      Webhooks.post(Webhooks.load("allowlist/metadata-rich.json"))
          .statusCode(200)
          .body("accepted", equalTo(3));
      probe.await(3, Duration.ofSeconds(10));
    } finally {
      switchboard.setLevel(level);
      Logger.getLogger("").removeHandler(capture);
    }

    List<String> kafka = everyRecordOfTheTopic();
    List<String> rows = new ArrayList<>(Rows.everyRow(db, "adapter"));
    rows.addAll(Rows.everyRow(db, "whatsapp"));

    // What is allowed did arrive, and the log capture did see the bridge's debug lines.
    assertThat(kafka).anyMatch(text -> text.contains("16505550199"));
    assertThat(logs).anyMatch(line -> line.contains("message.system"));
    assertThat(rows).anyMatch(row -> row.contains("Y2FwaV9ncm91cDpRdWFja2VuYnVzaEZhbWlseQ"));
    for (String dropped : DROPPED) {
      assertThat(kafka).as("Kafka records").noneMatch(text -> text.contains(dropped));
      assertThat(rows).as("table rows").noneMatch(row -> row.contains(dropped));
      assertThat(logs).as("log lines").noneMatch(line -> line.contains(dropped));
    }
  }

  /** Key, value and every header of every record on the topic, from its first offset. */
  private static List<String> everyRecordOfTheTopic() {
    Properties props = new Properties();
    props.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        SharedDevstack.endpoints().kafkaBootstrapServers());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "allowlist-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<String> texts = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.INBOUND_WHATSAPP, Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        assertThat(System.nanoTime()).as("read the topic to its end").isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          texts.add(text(record.key()));
          texts.add(text(record.value()));
          for (Header header : record.headers()) {
            texts.add(header.key() + "=" + text(header.value()));
          }
        }
      }
    }
    return texts;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }

  private static Handler capture(List<String> lines) {
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String message = record.getMessage();
            Object[] parameters = record.getParameters();
            lines.add(message == null ? "" : message);
            if (parameters != null) {
              for (Object parameter : parameters) {
                lines.add(String.valueOf(parameter));
              }
            }
            if (record.getThrown() != null) {
              lines.add(String.valueOf(record.getThrown()));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(Level.ALL);
    return handler;
  }
}
