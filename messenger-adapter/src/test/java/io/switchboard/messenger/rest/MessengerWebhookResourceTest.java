package io.switchboard.messenger.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.adapter.webhook.WebhookSignatureVerifier;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.EventData;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class MessengerWebhookResourceTest {
  private static final WebhookSignatureVerifier SIGNER =
      new WebhookSignatureVerifier("test-messenger-app-secret");

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void publishesEveryEventOfASignedBatchBeforeAnswering() throws IOException {
    byte[] body = resource("/webhooks/batch.json");
    try (TopicProbe probe = probe()) {
      given()
          .contentType("application/json")
          .header(WebhookSignatureVerifier.HEADER, SIGNER.header(body))
          .body(body)
          .when()
          .post("/webhooks/messenger")
          .then()
          .statusCode(200)
          .body("accepted", equalTo(2));

      // Acknowledged means stored: the records are already in the topic when the 200 arrives.
      assertThat(probe.unread()).isEqualTo(2);
      List<ConsumerRecord<String, byte[]>> records = probe.await(2, Duration.ofSeconds(10));
      List<MeshEvent<EventData>> events =
          records.stream().map(MeshEventRecords::fromRecord).toList();
      assertThat(events)
          .extracting(MeshEvent::type)
          .containsExactly(EventType.MESSAGE_CREATED, EventType.REACTION_ADDED);
      assertThat(events.get(0).id())
          .isEqualTo(
              EventIds.forPlatformEvent(
                  Platform.MESSENGER, EventType.MESSAGE_CREATED, "m_batch_text_1"));
      assertThat(records)
          .allSatisfy(
              record -> {
                assertThat(record.key()).isEqualTo("messenger:1122334455:2233445566");
                assertThat(MeshEventRecords.header(record.headers(), CloudEventHeaders.SOURCE))
                    .isEqualTo("/switchboard/messenger-adapter");
              });
    }
  }

  @Test
  void refusesAForgedSignatureAndWritesNothing() throws IOException {
    byte[] body = resource("/webhooks/batch.json");
    String forged = new WebhookSignatureVerifier("not-the-app-secret").header(body);
    try (TopicProbe probe = probe()) {
      given()
          .contentType("application/json")
          .header(WebhookSignatureVerifier.HEADER, forged)
          .body(body)
          .when()
          .post("/webhooks/messenger")
          .then()
          .statusCode(401)
          .body("error", equalTo("invalid_signature"));

      assertThat(probe.drain(Duration.ofMillis(500))).isEmpty();
      assertThat(probe.unread()).isZero();
    }
  }

  @Test
  void refusesAWebhookWithoutSignature() throws IOException {
    given()
        .contentType("application/json")
        .body(resource("/webhooks/batch.json"))
        .when()
        .post("/webhooks/messenger")
        .then()
        .statusCode(401)
        .body("error", equalTo("missing_signature"));
  }

  @Test
  void refusesABodyChangedAfterSigning() throws IOException {
    byte[] body = resource("/webhooks/batch.json");
    String signature = SIGNER.header(body);
    byte[] tampered =
        new String(body, StandardCharsets.UTF_8)
            .replace("See you at noon?", "See you at one?")
            .getBytes(StandardCharsets.UTF_8);

    given()
        .contentType("application/json")
        .header(WebhookSignatureVerifier.HEADER, signature)
        .body(tampered)
        .when()
        .post("/webhooks/messenger")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_signature"));
  }

  @Test
  void refusesSignedMalformedJsonAndWritesNothing() {
    byte[] body = "{\"object\":\"page\",\"entry\":[".getBytes(StandardCharsets.UTF_8);
    try (TopicProbe probe = probe()) {
      given()
          .contentType("application/json")
          .header(WebhookSignatureVerifier.HEADER, SIGNER.header(body))
          .body(body)
          .when()
          .post("/webhooks/messenger")
          .then()
          .statusCode(400)
          .body("error", equalTo("malformed_body"));

      assertThat(probe.unread()).isZero();
    }
  }

  @Test
  void echoesTheChallengeWhenTheVerifyTokenMatches() {
    given()
        .queryParam("hub.mode", "subscribe")
        .queryParam("hub.verify_token", "test-messenger-verify-token")
        .queryParam("hub.challenge", "1158201444")
        .when()
        .get("/webhooks/messenger")
        .then()
        .statusCode(200)
        .body(equalTo("1158201444"));
  }

  @Test
  void refusesTheHandshakeWithAWrongVerifyToken() {
    given()
        .queryParam("hub.mode", "subscribe")
        .queryParam("hub.verify_token", "guess")
        .queryParam("hub.challenge", "1158201444")
        .when()
        .get("/webhooks/messenger")
        .then()
        .statusCode(403)
        .body("error", equalTo("handshake_refused"));
  }

  private static TopicProbe probe() {
    return TopicProbe.fromNow(
        SharedDevstack.endpoints().kafkaBootstrapServers(), Topics.INBOUND_MESSENGER);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = MessengerWebhookResourceTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
