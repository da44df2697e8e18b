package io.switchboard.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.testing.DevstackExtension;
import io.switchboard.devstack.testing.TestProducer;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.AccountRef;
import io.switchboard.events.ConversationIds;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.kafka.SwitchboardHeaders;
import io.switchboard.events.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A message on {@code outbound.messenger}, written by a plain Kafka producer, reaches the platform
 * simulator's Messenger Send API through the running adapter: retried through rate limits and
 * outages, dead-lettered with its reason when the platform refuses it for good, and reported on
 * {@code delivery.status} either way.
 */
@ExtendWith(DevstackExtension.class)
class MessengerOutboundSystemTest {
  private static final String PAGE = "100000000000001";
  private static final String ACCESS_TOKEN = UUID.randomUUID().toString();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Endpoints devstack;
  private static ServiceProcess simulator;
  private static ServiceProcess adapter;
  private static KafkaProducer<String, byte[]> producer;

  @BeforeAll
  static void startMesh(Endpoints endpoints) {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    devstack = endpoints;
    simulator =
        MeshServices.start(
            "platform-simulator",
            endpoints,
            Map.of("SWITCHBOARD_SIMULATOR_ACCESS_TOKENS_MESSENGER", ACCESS_TOKEN));
    adapter =
        MeshServices.start(
            "messenger-adapter",
            endpoints,
            Map.ofEntries(
                Map.entry("SWITCHBOARD_WEBHOOK_APP_SECRET", UUID.randomUUID().toString()),
                Map.entry("SWITCHBOARD_WEBHOOK_VERIFY_TOKEN", UUID.randomUUID().toString()),
                Map.entry("SWITCHBOARD_SEND_API_BASE_URL", simulator.baseUrl() + "/messenger"),
                Map.entry("SWITCHBOARD_SEND_API_ACCESS_TOKEN", ACCESS_TOKEN),
                Map.entry("SWITCHBOARD_SEND_API_RETRY_INITIAL_BACKOFF", "100ms"),
                Map.entry("QUARKUS_DATASOURCE_REACTIVE_URL", endpoints.reactiveUrl().orElseThrow()),
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", endpoints.jdbcUrl().orElseThrow()),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", endpoints.databaseUsername()),
                Map.entry("QUARKUS_DATASOURCE_PASSWORD", endpoints.databasePassword())));
    producer = TestProducer.open(endpoints.kafkaBootstrapServers());
  }

  @AfterAll
  static void stopMesh() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (adapter != null) {
      adapter.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @AfterEach
  void clearFaults() {
    given().baseUri(simulator.baseUrl()).when().delete("/simulator/faults");
  }

  @Test
  void aRecordOnOutboundMessengerArrivesAtTheSendApiAsTheRightCall() throws Exception {
    String user = knownUser();
    MeshEvent<MessageCreated> event = message(user, "Lunch at noon?");

    try (TopicProbe status = probe(Topics.DELIVERY_STATUS)) {
      write(event);

      Map<String, Object> call = awaitCalls(user, 1).get(0);
      assertThat(at(call, "path")).isEqualTo("/messenger/v21.0/" + PAGE + "/messages");
      assertThat(at(call, "status")).isEqualTo(200);
      assertThat(at(call, "body.recipient.id")).isEqualTo(user);
      assertThat(at(call, "body.messaging_type")).isEqualTo("RESPONSE");
      assertThat(at(call, "body.message.text")).isEqualTo("Lunch at noon?");

      Receipt receipt = receiptFor(status, event.data().conversationId());
      assertThat(receipt.status()).isEqualTo(ReceiptStatus.SENT);
      assertThat(receipt.messageIds())
          .containsExactly(event.data().messageId(), (String) at(call, "response.message_id"));
    }
  }

  @Test
  void twoRateLimitAnswersAreRetriedAndTheMessageEndsSent() throws Exception {
    String user = knownUser();
    given()
        .baseUri(simulator.baseUrl())
        .contentType("application/json")
        .body(Map.of("platform", "messenger", "status", 429, "count", 2))
        .when()
        .post("/simulator/faults")
        .then()
        .statusCode(201);
    MeshEvent<MessageCreated> event = message(user, "Are we still on?");

    try (TopicProbe status = probe(Topics.DELIVERY_STATUS)) {
      write(event);

      Receipt receipt = receiptFor(status, event.data().conversationId());
      assertThat(receipt.status()).isEqualTo(ReceiptStatus.SENT);
      assertThat(awaitCalls(user, 3))
          .extracting(call -> at(call, "status"))
          .containsExactly(429, 429, 200);
    }
  }

  @Test
  void aMessageToAnUnknownRecipientIsDeadLetteredWithTheReasonAndReportedFailed() throws Exception {
    String stranger = "U_" + UUID.randomUUID();
    MeshEvent<MessageCreated> event = message(stranger, "Hello?");

    try (TopicProbe status = probe(Topics.DELIVERY_STATUS);
        TopicProbe dlq = probe(Topics.dlqOf(Topics.OUTBOUND_MESSENGER))) {
      ProducerRecord<String, byte[]> record = write(event);

      ConsumerRecord<String, byte[]> dead = recordFor(dlq, record.key());
      assertThat(dead.value()).isEqualTo(record.value());
      assertThat(header(dead, SwitchboardHeaders.DLQ_REASON)).isEqualTo("invalid_recipient");
      assertThat(header(dead, SwitchboardHeaders.DLQ_STATUS)).isEqualTo("400");
      assertThat(header(dead, SwitchboardHeaders.DLQ_ATTEMPTS)).isEqualTo("1");
      assertThat(header(dead, CloudEventHeaders.ID)).isEqualTo(event.id());

      Receipt receipt = receiptFor(status, record.key());
      assertThat(receipt.status()).isEqualTo(ReceiptStatus.FAILED);
      assertThat(receipt.errorCode()).isEqualTo("invalid_recipient");
      assertThat(receipt.errorReason()).doesNotContain("Hello?");
    }
  }

  /** A user who wrote to the page just now, so the 24-hour window is open. */
  private static String knownUser() {
    String user = "U_" + UUID.randomUUID();
    given()
        .baseUri(simulator.baseUrl())
        .contentType("application/json")
        .body(
            Map.of(
                "platform",
                "messenger",
                "businessId",
                PAGE,
                "userId",
                user,
                "lastInboundAt",
                Instant.now().toString()))
        .when()
        .post("/simulator/users")
        .then()
        .statusCode(200);
    return user;
  }

  private static MeshEvent<MessageCreated> message(String user, String text) {
    Instant now = Instant.now();
    MessageCreated created =
        new MessageCreated(
            ConversationIds.direct(Platform.MESSENGER, PAGE, user),
            "mesh-" + UUID.randomUUID(),
            AccountRef.of(Platform.MESSENGER, PAGE),
            AccountRef.of(Platform.MESSENGER, user),
            PlainContent.text(text),
            null,
            null,
            null,
            now,
            now);
    return MeshEvent.of(EventIds.random(), MeshEvent.sourceOf("gateway-service"), now, created);
  }

  private static ProducerRecord<String, byte[]> write(MeshEvent<?> event) throws Exception {
    ProducerRecord<String, byte[]> record =
        MeshEventRecords.toRecord(Topics.OUTBOUND_MESSENGER, event);
    producer.send(record).get();
    return record;
  }

  /** The simulator's recorded calls to {@code recipient}, oldest first, once there are enough. */
  private static List<Map<String, Object>> awaitCalls(String recipient, int count) {
    List<Map<String, Object>> calls = new ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              calls.clear();
              calls.addAll(
                  given()
                      .baseUri(simulator.baseUrl())
                      .queryParam("platform", "messenger")
                      .queryParam("recipient", recipient)
                      .when()
                      .get("/simulator/calls")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath()
                      .getList("$"));
              return calls.size() >= count;
            });
    return calls;
  }

  /** A value inside a recorded call, by a dotted path. */
  @SuppressWarnings("unchecked")
  private static Object at(Map<String, Object> call, String path) {
    Object value = call;
    for (String name : path.split("\\.")) {
      value = value instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(name) : null;
    }
    return value;
  }

  private static TopicProbe probe(String topic) {
    return TopicProbe.fromNow(devstack.kafkaBootstrapServers(), topic);
  }

  private static Receipt receiptFor(TopicProbe probe, String conversationId) {
    return (Receipt) MeshEventRecords.fromRecord(recordFor(probe, conversationId)).data();
  }

  /** The record with {@code key}: other producers may write to the same topic meanwhile. */
  private static ConsumerRecord<String, byte[]> recordFor(TopicProbe probe, String key) {
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              seen.addAll(probe.drain(Duration.ofMillis(200)));
              return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
    return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return MeshEventRecords.header(record.headers(), name);
  }
}
