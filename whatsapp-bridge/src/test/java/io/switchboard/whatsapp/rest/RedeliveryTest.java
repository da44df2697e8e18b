package io.switchboard.whatsapp.rest;

import static io.restassured.RestAssured.given;
import static io.switchboard.whatsapp.Webhooks.DIRECT;
import static io.switchboard.whatsapp.Webhooks.eventId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.whatsapp.Webhooks;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp retries a webhook for up to seven days; however often one arrives, each message and
 * status reaches Kafka once, and is counted once.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class RedeliveryTest {

  @Test
  void theSameBatchPostedThreeTimesGivesOneEventPerMessage() {
    String user = "1555" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 10_000_000L);
    String first = "wamid.redelivered." + UUID.randomUUID();
    String second = "wamid.redelivered." + UUID.randomUUID();
    String status = "wamid.business." + UUID.randomUUID();
    String body =
        """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{
          "field":"messages","value":{"messaging_product":"whatsapp",
          "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
          "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"%1$s"}],
          "messages":[
            {"from":"%1$s","id":"%2$s","timestamp":"1749416383","type":"text","text":{"body":"one"}},
            {"from":"%1$s","id":"%3$s","timestamp":"1749416384","type":"text","text":{"body":"two"}}],
          "statuses":[
            {"id":"%4$s","status":"delivered","timestamp":"1749416385","recipient_id":"%1$s"}]}}]}]}
        """
            .formatted(user, first, second, status);
    try (TopicProbe probe = Webhooks.probe()) {
      for (int i = 0; i < 3; i++) {
        Webhooks.post(body)
            .statusCode(200)
            .body("accepted", equalTo(i == 0 ? 3 : 0))
            .body("duplicates", equalTo(i == 0 ? 0 : 3));
      }

      assertThat(Webhooks.events(probe.await(3, Duration.ofSeconds(10))))
          .extracting(MeshEvent::id)
          .containsExactly(
              eventId(EventType.MESSAGE_CREATED, first),
              eventId(EventType.MESSAGE_CREATED, second),
              eventId(EventType.RECEIPT, status, "delivered", user));
      assertThat(probe.drain(Duration.ofMillis(500))).isEmpty();
    }

    // Counted once, too.
    given()
        .pathParam("chatId", DIRECT.replace(Webhooks.USER, user))
        .when()
        .get("/api/v1/chats/{chatId}/stats")
        .then()
        .statusCode(200)
        .body("messages", equalTo(2));
  }
}
