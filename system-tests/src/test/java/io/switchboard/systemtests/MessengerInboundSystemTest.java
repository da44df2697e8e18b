package io.switchboard.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.RestAssured;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.testing.DevstackExtension;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Messenger webhook in at the edge, a normalized CloudEvent out on Kafka, observed only from
 * outside: HTTP in, a plain Kafka consumer out.
 */
@ExtendWith(DevstackExtension.class)
class MessengerInboundSystemTest {
  private static final String APP_SECRET = UUID.randomUUID().toString();

  private static ServiceProcess adapter;
  private static Endpoints devstack;

  @BeforeAll
  static void startAdapter(Endpoints endpoints) {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    devstack = endpoints;
    adapter =
        MeshServices.start(
            "messenger-adapter",
            endpoints,
            Map.of(
                "SWITCHBOARD_WEBHOOK_APP_SECRET",
                APP_SECRET,
                "SWITCHBOARD_WEBHOOK_VERIFY_TOKEN",
                UUID.randomUUID().toString(),
                "QUARKUS_DATASOURCE_REACTIVE_URL",
                endpoints.reactiveUrl().orElseThrow(),
                "QUARKUS_DATASOURCE_JDBC_URL",
                endpoints.jdbcUrl().orElseThrow(),
                "QUARKUS_DATASOURCE_USERNAME",
                endpoints.databaseUsername(),
                "QUARKUS_DATASOURCE_PASSWORD",
                endpoints.databasePassword()));
  }

  @AfterAll
  static void stopAdapter() {
    if (adapter != null) {
      adapter.close();
    }
  }

  @Test
  void aSignedWebhookAppearsAsANormalizedCloudEventOnInboundMessenger() {
    String mid = "m_system_" + UUID.randomUUID();
    byte[] body = webhook(mid, "Lunch at noon?");
    try (TopicProbe probe =
        TopicProbe.fromNow(devstack.kafkaBootstrapServers(), Topics.INBOUND_MESSENGER)) {
      given()
          .baseUri(adapter.baseUrl())
          .contentType("application/json")
          .header("X-Hub-Signature-256", sign(body, APP_SECRET))
          .body(body)
          .when()
          .post("/webhooks/messenger")
          .then()
          .statusCode(200);

      ConsumerRecord<String, byte[]> record = probe.await(1, Duration.ofSeconds(10)).get(0);
      assertThat(record.key()).isEqualTo("messenger:PAGE_1:USER_1");
      assertThat(MeshEventRecords.header(record.headers(), CloudEventHeaders.SPEC_VERSION))
          .isEqualTo("1.0");
      assertThat(MeshEventRecords.header(record.headers(), CloudEventHeaders.TYPE))
          .isEqualTo("switchboard.message.created.v1");
      assertThat(MeshEventRecords.header(record.headers(), CloudEventHeaders.CONTENT_TYPE))
          .isEqualTo("application/json");

      MeshEvent<EventData> event = MeshEventRecords.fromRecord(record);
      assertThat(event.type()).isEqualTo(EventType.MESSAGE_CREATED);
      MessageCreated message = (MessageCreated) event.data();
      assertThat(message.messageId()).isEqualTo(mid);
      assertThat(message.sender().platform()).isEqualTo(Platform.MESSENGER);
      assertThat(message.sender().accountId()).isEqualTo("USER_1");
      assertThat(((PlainContent) message.content()).text()).isEqualTo("Lunch at noon?");
    }
  }

  @Test
  void theSameWebhookWithAForgedSignatureIsRefusedAndWritesNothing() {
    byte[] body = webhook("m_forged_" + UUID.randomUUID(), "Send me your password");
    try (TopicProbe probe =
        TopicProbe.fromNow(devstack.kafkaBootstrapServers(), Topics.INBOUND_MESSENGER)) {
      given()
          .baseUri(adapter.baseUrl())
          .contentType("application/json")
          .header("X-Hub-Signature-256", sign(body, "a-guessed-secret"))
          .body(body)
          .when()
          .post("/webhooks/messenger")
          .then()
          .statusCode(401)
          .body("error", equalTo("invalid_signature"));

      assertThat(probe.drain(Duration.ofSeconds(1))).isEmpty();
    }
  }

  private static byte[] webhook(String mid, String text) {
    return ("{\"object\":\"page\",\"entry\":[{\"id\":\"PAGE_1\",\"time\":1764072000000,"
            + "\"messaging\":[{\"sender\":{\"id\":\"USER_1\"},\"recipient\":{\"id\":\"PAGE_1\"},"
            + "\"timestamp\":1764072000123,\"message\":{\"mid\":\""
            + mid
            + "\",\"text\":\""
            + text
            + "\"}}]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Signs as Meta does, independently of the mesh's own verifier. */
  private static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
