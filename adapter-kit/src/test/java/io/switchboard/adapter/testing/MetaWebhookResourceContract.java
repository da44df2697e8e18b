package io.switchboard.adapter.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.switchboard.adapter.webhook.WebhookSignatureVerifier;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every Meta webhook edge promises, end to end against the real broker: a signed batch is
 * published before the 200, a forged, missing or stale signature, malformed JSON and an event that
 * breaks its schema write nothing, and the subscription handshake checks the verify token. Each
 * adapter's {@code @QuarkusTest} extends it with its dialect's details.
 */
public abstract class MetaWebhookResourceContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The webhook path, e.g. {@code /webhooks/messenger}. */
  protected abstract String path();

  /** The app secret and verify token of the test profile. */
  protected abstract String appSecret();

  protected abstract String verifyToken();

  /** The topic the adapter publishes to. */
  protected abstract String topic();

  /** A signed-batch test resource with two events, and a text in it to tamper with. */
  protected abstract String batchResource();

  /**
   * A JSON Pointer to the message id that the batch's last event names (its target, or its own).
   */
  protected abstract String lastEventMessageIdPointer();

  protected abstract String batchText();

  /** The webhook's {@code object}, for a malformed body that is otherwise plausible. */
  protected abstract String object();

  /** What the batch must become. */
  protected abstract List<EventType> batchTypes();

  protected abstract String firstEventId();

  protected abstract String batchKey();

  protected abstract String source();

  private WebhookSignatureVerifier signer() {
    return new WebhookSignatureVerifier(appSecret());
  }

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void publishesEveryEventOfASignedBatchBeforeAnswering() throws IOException {
    byte[] body = resource(batchResource());
    try (TopicProbe probe = probe()) {
      post(body, signer().header(body)).statusCode(200).body("accepted", equalTo(2));

      // Acknowledged means stored: the records are already in the topic when the 200 arrives.
      assertThat(probe.unread()).isEqualTo(2);
      List<ConsumerRecord<String, byte[]>> records = probe.await(2, Duration.ofSeconds(10));
      List<MeshEvent<EventData>> events =
          records.stream().map(MeshEventRecords::fromRecord).toList();
      assertThat(events).extracting(MeshEvent::type).containsExactlyElementsOf(batchTypes());
      assertThat(events.get(0).id()).isEqualTo(firstEventId());
      assertThat(records)
          .allSatisfy(
              record -> {
                assertThat(record.key()).isEqualTo(batchKey());
                assertThat(MeshEventRecords.header(record.headers(), CloudEventHeaders.SOURCE))
                    .isEqualTo(source());
              });
    }
  }

  @Test
  void refusesAForgedSignatureAndWritesNothing() throws IOException {
    byte[] body = resource(batchResource());
    String forged = new WebhookSignatureVerifier("not-the-app-secret").header(body);
    try (TopicProbe probe = probe()) {
      post(body, forged).statusCode(401).body("error", equalTo("invalid_signature"));

      assertThat(probe.drain(Duration.ofMillis(500))).isEmpty();
      assertThat(probe.unread()).isZero();
    }
  }

  @Test
  void refusesAWebhookWithoutSignature() throws IOException {
    given()
        .contentType("application/json")
        .body(resource(batchResource()))
        .when()
        .post(path())
        .then()
        .statusCode(401)
        .body("error", equalTo("missing_signature"));
  }

  @Test
  void refusesABodyChangedAfterSigning() throws IOException {
    byte[] body = resource(batchResource());
    String signature = signer().header(body);
    byte[] tampered =
        new String(body, StandardCharsets.UTF_8)
            .replace(batchText(), batchText() + "!")
            .getBytes(StandardCharsets.UTF_8);

    post(tampered, signature).statusCode(401).body("error", equalTo("invalid_signature"));
  }

  @Test
  void refusesSignedMalformedJsonAndWritesNothing() {
    byte[] body = ("{\"object\":\"" + object() + "\",\"entry\":[").getBytes(StandardCharsets.UTF_8);
    try (TopicProbe probe = probe()) {
      post(body, signer().header(body)).statusCode(400).body("error", equalTo("malformed_body"));

      assertThat(probe.unread()).isZero();
    }
  }

  @Test
  void refusesASignedBatchWithAnEventThatBreaksItsSchemaAndWritesNoneOfIt() throws IOException {
    // the batch's last event names a message id longer than an id may be (512 characters); the
    // events before it are valid, and are not published either
    ObjectNode batch = (ObjectNode) JSON.readTree(resource(batchResource()));
    JsonPointer messageId = JsonPointer.compile(lastEventMessageIdPointer());
    ((ObjectNode) batch.at(messageId.head()))
        .put(messageId.last().getMatchingProperty(), "m".repeat(600));
    byte[] body = JSON.writeValueAsBytes(batch);
    try (TopicProbe probe = probe()) {
      post(body, signer().header(body))
          .statusCode(400)
          .body("error", equalTo("invalid_event"))
          .body("details.field", hasItem(startsWith("/messageId")));

      assertThat(probe.drain(Duration.ofMillis(500))).isEmpty();
      assertThat(probe.unread()).isZero();
    }
  }

  @Test
  void echoesTheChallengeWhenTheVerifyTokenMatches() {
    given()
        .queryParam("hub.mode", "subscribe")
        .queryParam("hub.verify_token", verifyToken())
        .queryParam("hub.challenge", "1158201444")
        .when()
        .get(path())
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
        .get(path())
        .then()
        .statusCode(403)
        .body("error", equalTo("handshake_refused"));
  }

  /** Posts {@code body} to the webhook with {@code signature} as its signature header. */
  private ValidatableResponse post(byte[] body, String signature) {
    return given()
        .contentType("application/json")
        .header(WebhookSignatureVerifier.HEADER, signature)
        .body(body)
        .when()
        .post(path())
        .then();
  }

  private TopicProbe probe() {
    return TopicProbe.fromNow(SharedDevstack.endpoints().kafkaBootstrapServers(), topic());
  }

  private byte[] resource(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
