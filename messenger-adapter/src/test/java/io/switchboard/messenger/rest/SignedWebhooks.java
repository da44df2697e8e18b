package io.switchboard.messenger.rest;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import io.switchboard.adapter.webhook.WebhookSignatureVerifier;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.Platform;
import io.switchboard.events.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Messenger webhooks of text messages, signed with the test app secret, and what they become. */
final class SignedWebhooks {
  private static final WebhookSignatureVerifier SIGNER =
      new WebhookSignatureVerifier("test-messenger-app-secret");

  private SignedWebhooks() {}

  /** One entry with one text message per mid, in order. */
  static byte[] batch(String... mids) {
    String messaging =
        Arrays.stream(mids)
            .map(
                mid ->
                    "{\"sender\":{\"id\":\"U1\"},\"recipient\":{\"id\":\"P1\"},\"timestamp\":1,"
                        + "\"message\":{\"mid\":\""
                        + mid
                        + "\",\"text\":\"hello\"}}")
            .collect(Collectors.joining(","));
    return ("{\"object\":\"page\",\"entry\":[{\"id\":\"P1\",\"time\":1,\"messaging\":["
            + messaging
            + "]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static ValidatableResponse post(byte[] body) {
    return given()
        .contentType("application/json")
        .header(WebhookSignatureVerifier.HEADER, SIGNER.header(body))
        .body(body)
        .when()
        .post("/webhooks/messenger")
        .then();
  }

  /** The mesh event id of the text message {@code mid}. */
  static String eventId(String mid) {
    return EventIds.forPlatformEvent(Platform.MESSENGER, EventType.MESSAGE_CREATED, mid);
  }

  static TopicProbe probe() {
    return TopicProbe.fromNow(
        SharedDevstack.endpoints().kafkaBootstrapServers(), Topics.INBOUND_MESSENGER);
  }
}
