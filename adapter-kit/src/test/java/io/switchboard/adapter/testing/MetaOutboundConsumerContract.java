package io.switchboard.adapter.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.adapter.testing.SendApiStandIn.Call;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.TestProducer;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.AccountRef;
import io.switchboard.events.ConversationIds;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.Content;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.kafka.SwitchboardHeaders;
import io.switchboard.events.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every Meta outbound edge promises, against the real broker and a {@link SendApiStandIn}:
 * records written to {@code outbound.<platform>} by a plain Kafka producer become the right Send
 * API calls, transient errors are retried, permanent ones dead-lettered with the reason, sealed
 * content is never sent, and every outcome is reported on {@code delivery.status}. Each adapter's
 * {@code @QuarkusTest} extends it (with the devstack and the stand-in as test resources).
 */
public abstract class MetaOutboundConsumerContract {
  protected static final Duration WAIT = Duration.ofSeconds(20);

  private static KafkaProducer<String, byte[]> producer;

  /** The platform the adapter sends to. */
  protected abstract Platform platform();

  /** The page (or Instagram professional account) the test records are sent from. */
  protected abstract String page();

  /** The access token of the test profile. */
  protected abstract String accessToken();

  /** {@code outbound.<platform>}. */
  protected final String topic() {
    return "outbound." + platform().wireName();
  }

  @BeforeAll
  static void producer() {
    producer = TestProducer.open(SharedDevstack.endpoints().kafkaBootstrapServers());
  }

  @AfterAll
  static void closeProducer() {
    producer.close(Duration.ofSeconds(5));
  }

  @Test
  void retriesA429AndA500ThenDeliversAndReportsSent() throws Exception {
    String user = "U_retry_" + UUID.randomUUID();
    SendApiStandIn.script(
        user, SendApiStandIn.error(429, 613, 0, true), SendApiStandIn.error(500, 1, 0, true));
    MeshEvent<MessageCreated> event = message(user, PlainContent.text("Lunch at noon?"));

    try (TopicProbe status = probe(Topics.DELIVERY_STATUS);
        TopicProbe dlq = probe(Topics.dlqOf(topic()))) {
      write(MeshEventRecords.toRecord(topic(), event));

      Receipt receipt = receiptFor(status, event.data().conversationId());
      List<Call> calls = SendApiStandIn.callsTo(user);
      assertThat(calls).hasSize(3);
      Call delivered = calls.get(2);
      assertThat(delivered.path())
          .isEqualTo("/" + platform().wireName() + "/v21.0/" + page() + "/messages");
      assertThat(delivered.authorization()).isEqualTo("Bearer " + accessToken());
      assertThat(delivered.body().getJsonObject("recipient").getString("id")).isEqualTo(user);
      assertThat(delivered.body().getString("messaging_type")).isEqualTo("RESPONSE");
      assertThat(delivered.body().getJsonObject("message").getString("text"))
          .isEqualTo("Lunch at noon?");

      assertThat(receipt.status()).isEqualTo(ReceiptStatus.SENT);
      assertThat(receipt.account()).isEqualTo(AccountRef.of(platform(), user));
      assertThat(receipt.messageIds().get(0)).isEqualTo(event.data().messageId());
      assertThat(receipt.messageIds().get(1)).startsWith("m_standin_");
      assertThat(dlq.drain(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void deadLettersAPermanentFailureWithTheReasonAndReportsFailed() throws Exception {
    String user = "U_unknown_" + UUID.randomUUID();
    SendApiStandIn.script(user, SendApiStandIn.error(400, 100, 2018001, false));
    MeshEvent<MessageCreated> event = message(user, PlainContent.text("Are you there?"));
    ProducerRecord<String, byte[]> record = MeshEventRecords.toRecord(topic(), event);

    try (TopicProbe status = probe(Topics.DELIVERY_STATUS);
        TopicProbe dlq = probe(Topics.dlqOf(topic()))) {
      write(record);

      ConsumerRecord<String, byte[]> dead = recordFor(dlq, record.key());
      assertThat(dead.value()).isEqualTo(record.value());
      assertThat(header(dead, SwitchboardHeaders.DLQ_REASON)).isEqualTo("invalid_recipient");
      assertThat(header(dead, SwitchboardHeaders.DLQ_ATTEMPTS)).isEqualTo("1");
      assertThat(header(dead, SwitchboardHeaders.DLQ_STATUS)).isEqualTo("400");
      assertThat(header(dead, CloudEventHeaders.ID)).isEqualTo(event.id());
      assertThat(header(dead, CloudEventHeaders.TYPE)).isEqualTo("switchboard.message.created.v1");

      Receipt receipt = receiptFor(status, record.key());
      assertThat(receipt.status()).isEqualTo(ReceiptStatus.FAILED);
      assertThat(receipt.errorCode()).isEqualTo("invalid_recipient");
      assertThat(receipt.errorReason()).contains("400").doesNotContain("Are you there?");
      assertThat(SendApiStandIn.callsTo(user)).hasSize(1);
    }
  }

  @Test
  void sendsAgainWithTheHumanAgentTagOutsideTheWindow() throws Exception {
    String user = "U_window_" + UUID.randomUUID();
    SendApiStandIn.script(user, SendApiStandIn.error(400, 10, 2018278, false));
    MeshEvent<MessageCreated> event = message(user, PlainContent.text("Sorry for the delay"));

    try (TopicProbe status = probe(Topics.DELIVERY_STATUS)) {
      write(MeshEventRecords.toRecord(topic(), event));

      assertThat(receiptFor(status, event.data().conversationId()).status())
          .isEqualTo(ReceiptStatus.SENT);
      List<Call> calls = SendApiStandIn.callsTo(user);
      assertThat(calls).hasSize(2);
      assertThat(calls.get(1).body().getString("messaging_type")).isEqualTo("MESSAGE_TAG");
      assertThat(calls.get(1).body().getString("tag")).isEqualTo("HUMAN_AGENT");
    }
  }

  @Test
  void neverSendsSealedContentAndReportsItFailed() throws Exception {
    String user = "U_sealed_" + UUID.randomUUID();
    SealedContent sealed =
        new SealedContent(
            "HPKE-X25519-HKDF-SHA256-AES-128-GCM",
            "dev-1",
            List.of(new SealedEnvelope("dev-2", "ZW5j", "Y2lwaGVy")));
    MeshEvent<MessageCreated> event = message(user, sealed);

    try (TopicProbe status = probe(Topics.DELIVERY_STATUS)) {
      write(MeshEventRecords.toRecord(topic(), event));

      Receipt receipt = receiptFor(status, event.data().conversationId());
      assertThat(receipt.status()).isEqualTo(ReceiptStatus.FAILED);
      assertThat(receipt.errorCode()).isEqualTo("recipient-has-no-e2e-endpoint");
      assertThat(SendApiStandIn.callsTo(user)).isEmpty();
    }
  }

  @Test
  void deadLettersARecordThatIsNotAMeshEventAndKeepsGoing() throws Exception {
    String key = platform().wireName() + ":" + page() + ":U_garbage_" + UUID.randomUUID();
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    String user = "U_after_" + UUID.randomUUID();
    MeshEvent<MessageCreated> next = message(user, PlainContent.text("still here"));

    try (TopicProbe dlq = probe(Topics.dlqOf(topic()));
        TopicProbe status = probe(Topics.DELIVERY_STATUS)) {
      write(new ProducerRecord<>(topic(), null, key, garbage, new RecordHeaders()));
      write(MeshEventRecords.toRecord(topic(), next));

      ConsumerRecord<String, byte[]> dead = recordFor(dlq, key);
      assertThat(header(dead, SwitchboardHeaders.DLQ_REASON)).isEqualTo("invalid_event");
      assertThat(dead.value()).isEqualTo(garbage);
      assertThat(receiptFor(status, next.data().conversationId()).status())
          .isEqualTo(ReceiptStatus.SENT);
    }
  }

  /** A message from the page to {@code user}, as the gateway writes it. */
  protected MeshEvent<MessageCreated> message(String user, Content content) {
    Instant now = Instant.now();
    AccountRef page = AccountRef.of(platform(), page());
    AccountRef recipient = AccountRef.of(platform(), user);
    MessageCreated created =
        new MessageCreated(
            ConversationIds.direct(platform(), page(), user),
            "mesh-" + UUID.randomUUID(),
            page,
            recipient,
            content,
            null,
            null,
            null,
            now,
            now);
    return MeshEvent.of(EventIds.random(), MeshEvent.sourceOf("gateway-service"), now, created);
  }

  protected static void write(ProducerRecord<String, byte[]> record) throws Exception {
    producer.send(record).get();
  }

  protected static TopicProbe probe(String topic) {
    return TopicProbe.fromNow(SharedDevstack.endpoints().kafkaBootstrapServers(), topic);
  }

  protected static Receipt receiptFor(TopicProbe probe, String conversationId) {
    return (Receipt) MeshEventRecords.fromRecord(recordFor(probe, conversationId)).data();
  }

  /** Waits for the record with {@code key}: other tests may write to the same topic. */
  protected static ConsumerRecord<String, byte[]> recordFor(TopicProbe probe, String key) {
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              seen.addAll(probe.drain(Duration.ofMillis(100)));
              return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
    return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
  }

  protected static String header(ConsumerRecord<String, byte[]> record, String name) {
    return MeshEventRecords.header(record.headers(), name);
  }
}
