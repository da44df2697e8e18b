package io.switchboard.messenger.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.adapter.webhook.WebhookSignatureVerifier;
import io.switchboard.devstack.testing.DevstackTestResource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When Kafka cannot take a webhook's events, Meta must be told to retry: 503, not 200. */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
@TestProfile(KafkaUnavailableTest.UnreachableKafka.class)
class KafkaUnavailableTest {

  /** Points the inbound channel at a port where no broker listens. */
  public static class UnreachableKafka implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "mp.messaging.outgoing.\"inbound.messenger\".bootstrap.servers", "127.0.0.1:1",
          "mp.messaging.outgoing.\"inbound.messenger\".max.block.ms", "1500",
          "switchboard.webhook.ack-timeout", "3s");
    }
  }

  @Test
  void answersServiceUnavailableSoMetaRetries() {
    byte[] body =
        ("{\"object\":\"page\",\"entry\":[{\"id\":\"P1\",\"time\":1,\"messaging\":["
                + "{\"sender\":{\"id\":\"U1\"},\"recipient\":{\"id\":\"P1\"},\"timestamp\":1,"
                + "\"message\":{\"mid\":\"m_unavailable\",\"text\":\"hello\"}}]}]}")
            .getBytes(StandardCharsets.UTF_8);
    given()
        .contentType("application/json")
        .header(
            WebhookSignatureVerifier.HEADER,
            new WebhookSignatureVerifier("test-messenger-app-secret").header(body))
        .body(body)
        .when()
        .post("/webhooks/messenger")
        .then()
        .statusCode(503)
        .body("error", equalTo("unavailable"));
  }
}
