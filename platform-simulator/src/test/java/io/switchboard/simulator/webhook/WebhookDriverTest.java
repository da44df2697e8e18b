package io.switchboard.simulator.webhook;

import static io.restassured.RestAssured.given;
import static io.switchboard.simulator.SimulatorFixtures.MESSENGER_TOKEN;
import static io.switchboard.simulator.SimulatorFixtures.freshId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.switchboard.adapter.webhook.WebhookSignatureVerifier;
import io.switchboard.adapter.webhook.WebhookSignatureVerifier.Result;
import io.switchboard.simulator.webhook.FakeAdapters.Received;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(FakeAdapters.class)
class WebhookDriverTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @BeforeEach
  void forgetEarlierWebhooks() {
    FakeAdapters.RECEIVED.clear();
  }

  @Test
  void postsAMessengerBatchSignedAsTheAdapterChecksIt() throws IOException {
    String page = freshId();
    String psid = freshId();
    JsonPath answer =
        drive(
            "messenger",
            Map.of(
                "businessId", page,
                "userId", psid,
                "events",
                    List.of(
                        Map.of("kind", "text", "text", "hi there"),
                        Map.of("kind", "image", "url", "https://cdn.example/cat.jpg"))));

    Received received = only();
    assertThat(received.path()).isEqualTo("/webhooks/messenger");
    assertThat(
            new WebhookSignatureVerifier("test-messenger-app-secret")
                .verify(received.body(), received.signature()))
        .isEqualTo(Result.VALID);
    JsonNode body = JSON.readTree(received.body());
    assertThat(body.path("object").asText()).isEqualTo("page");
    JsonNode messaging = body.path("entry").path(0).path("messaging");
    assertThat(messaging.path(0).path("sender").path("id").asText()).isEqualTo(psid);
    assertThat(messaging.path(0).path("recipient").path("id").asText()).isEqualTo(page);
    assertThat(messaging.path(0).path("message").path("text").asText()).isEqualTo("hi there");
    assertThat(messaging.path(1).path("message").path("attachments").path(0).path("type").asText())
        .isEqualTo("image");
    List<String> mids = answer.getList("mids");
    assertThat(mids).hasSize(2);
    assertThat(messaging.path(0).path("message").path("mid").asText()).isEqualTo(mids.get(0));
    assertThat(answer.getList("status", Integer.class)).containsExactly(200);
    assertThat(JSON.readTree(received.body())).isEqualTo(JSON.valueToTree(answer.get("body")));
  }

  @Test
  void postsTheSameBytesAsManyTimesAsRepeatAsks() {
    JsonPath answer =
        drive(
            "instagram",
            Map.of(
                "businessId", freshId(),
                "userId", freshId(),
                "events", List.of(Map.of("kind", "text", "text", "again")),
                "repeat", 3));

    List<Received> received = new ArrayList<>();
    FakeAdapters.RECEIVED.drainTo(received);
    assertThat(received).hasSize(3);
    assertThat(received)
        .allSatisfy(
            r -> {
              assertThat(r.body()).isEqualTo(received.get(0).body());
              assertThat(r.signature()).isEqualTo(received.get(0).signature());
            });
    assertThat(answer.getList("status", Integer.class)).containsExactly(200, 200, 200);
    assertThat(answer.getString("body.object")).isEqualTo("instagram");
  }

  @Test
  void remembersWhatItsUsersSent() {
    String user = freshId();
    long before = System.currentTimeMillis();
    drive(
        "whatsapp",
        Map.of(
            "businessId", freshId(),
            "userId", user,
            "events", List.of(Map.of("kind", "text", "text", "sent from the app"))));
    FakeAdapters.RECEIVED.clear();

    given()
        .queryParam("since", before)
        .get("/simulator/webhooks")
        .then()
        .statusCode(200)
        .body("findAll { it.userId == '" + user + "' }", hasSize(1))
        .body("find { it.userId == '" + user + "' }.platform", equalTo("whatsapp"))
        .body("find { it.userId == '" + user + "' }.events[0].text", equalTo("sent from the app"))
        .body("find { it.userId == '" + user + "' }.status[0]", equalTo(200));
    given().queryParam("since", "yesterday").get("/simulator/webhooks").then().statusCode(400);
  }

  @Test
  void forgesTheSignatureWhenAsked() {
    drive(
        "messenger",
        Map.of(
            "businessId", freshId(),
            "userId", freshId(),
            "events", List.of(Map.of("kind", "read", "watermark", 1_700_000_000_000L)),
            "forgeSignature", true));

    Received received = only();
    assertThat(
            new WebhookSignatureVerifier("test-messenger-app-secret")
                .verify(received.body(), received.signature()))
        .isEqualTo(Result.MISMATCH);
  }

  @Test
  void buildsAWhatsappBatchWithMetadataContactsMessagesAndStatuses() throws IOException {
    String phone = freshId();
    String waId = freshId();
    JsonPath answer =
        drive(
            "whatsapp",
            Map.of(
                "businessId", phone,
                "userId", waId,
                "events",
                    List.of(
                        Map.of("kind", "text", "text", "hola"),
                        Map.of("kind", "reaction", "mid", "wamid.abc", "emoji", "\ud83d\udc4d"),
                        Map.of("kind", "delivery", "mids", List.of("wamid.out1")))));

    Received received = only();
    assertThat(
            new WebhookSignatureVerifier("test-whatsapp-app-secret")
                .verify(received.body(), received.signature()))
        .isEqualTo(Result.VALID);
    JsonNode value =
        JSON.readTree(received.body()).path("entry").path(0).path("changes").path(0).path("value");
    assertThat(JSON.readTree(received.body()).path("object").asText())
        .isEqualTo("whatsapp_business_account");
    assertThat(value.path("metadata").path("phone_number_id").asText()).isEqualTo(phone);
    assertThat(value.path("contacts").path(0).path("wa_id").asText()).isEqualTo(waId);
    assertThat(value.path("messages").path(0).path("text").path("body").asText()).isEqualTo("hola");
    assertThat(value.path("messages").path(1).path("reaction").path("message_id").asText())
        .isEqualTo("wamid.abc");
    assertThat(value.path("statuses").path(0).path("status").asText()).isEqualTo("delivered");
    assertThat(answer.getList("mids", String.class))
        .hasSize(2)
        .allMatch(m -> m.startsWith("wamid."));
  }

  @Test
  void makesTheSenderARecipientThePageCanAnswer() {
    String page = freshId();
    String psid = freshId();
    drive(
        "messenger",
        Map.of(
            "businessId",
            page,
            "userId",
            psid,
            "events",
            List.of(Map.of("kind", "text", "text", "hi"))));

    given()
        .contentType("application/json")
        .queryParam("access_token", MESSENGER_TOKEN)
        .body(
            Map.of(
                "recipient", Map.of("id", psid),
                "messaging_type", "RESPONSE",
                "message", Map.of("text", "hello back")))
        .when()
        .post("/v21.0/" + page + "/messages")
        .then()
        .statusCode(200)
        .body("recipient_id", equalTo(psid));
  }

  @Test
  void refusesAnEventWithoutWhatItsKindNeeds() {
    given()
        .contentType("application/json")
        .body(
            Map.of(
                "businessId", freshId(),
                "userId", freshId(),
                "events", List.of(Map.of("kind", "text"))))
        .when()
        .post("/simulator/webhooks/messenger")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("details", hasSize(1))
        .body("details[0].field", equalTo("events[0].text"));
    assertThat(FakeAdapters.RECEIVED).isEmpty();
  }

  private static JsonPath drive(String platform, Map<String, Object> description) {
    return given()
        .contentType("application/json")
        .body(description)
        .when()
        .post("/simulator/webhooks/" + platform)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private static Received only() {
    List<Received> received = new ArrayList<>();
    FakeAdapters.RECEIVED.drainTo(received);
    assertThat(received).hasSize(1);
    return received.get(0);
  }
}
