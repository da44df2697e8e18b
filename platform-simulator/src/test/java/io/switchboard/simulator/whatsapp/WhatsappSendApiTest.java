package io.switchboard.simulator.whatsapp;

import static io.restassured.RestAssured.given;
import static io.switchboard.simulator.SimulatorFixtures.WHATSAPP_TOKEN;
import static io.switchboard.simulator.SimulatorFixtures.freshId;
import static io.switchboard.simulator.SimulatorFixtures.knownUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class WhatsappSendApiTest {
  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void answersATextWithTheContactAndAWamid() {
    String phone = freshId();
    String waId = freshId();
    knownUser("whatsapp", phone, waId, Instant.now());

    send(phone, WHATSAPP_TOKEN, text("+" + waId))
        .statusCode(200)
        .body("messaging_product", equalTo("whatsapp"))
        .body("contacts[0].input", equalTo("+" + waId))
        .body("contacts[0].wa_id", equalTo(waId))
        .body("messages[0].id", startsWith("wamid."));
  }

  @Test
  void marksAMessageReadWithATypingIndicator() {
    send(
            freshId(),
            WHATSAPP_TOKEN,
            Map.of(
                "messaging_product", "whatsapp",
                "status", "read",
                "message_id", "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA",
                "typing_indicator", Map.of("type", "text")))
        .statusCode(200)
        .body("success", equalTo(true));
  }

  @Test
  void refusesAFreeFormMessageOutsideTheCustomerServiceWindow() {
    String phone = freshId();
    String waId = freshId();
    knownUser("whatsapp", phone, waId, Instant.now().minus(Duration.ofHours(25)));

    send(phone, WHATSAPP_TOKEN, text(waId))
        .statusCode(400)
        .body("error.code", equalTo(131047))
        .body("error.error_data.messaging_product", equalTo("whatsapp"))
        .body(
            "error.error_data.details", startsWith("Message failed to send because more than 24"));
  }

  @Test
  void acceptsATemplateOutsideTheCustomerServiceWindow() {
    String phone = freshId();
    String waId = freshId();
    knownUser("whatsapp", phone, waId, Instant.now().minus(Duration.ofDays(3)));

    send(
            phone,
            WHATSAPP_TOKEN,
            Map.of(
                "messaging_product",
                "whatsapp",
                "to",
                waId,
                "type",
                "template",
                "template",
                Map.of("name", "hello_world", "language", Map.of("code", "en_US"))))
        .statusCode(200)
        .body("messages[0].id", startsWith("wamid."));
  }

  @Test
  void acceptsASealedMessageAndRecordsItsEnvelopesUnopened() {
    String phone = freshId();
    String waId = freshId();
    knownUser("whatsapp", phone, waId, Instant.now());
    Map<String, Object> envelope =
        Map.of(
            "recipient_device_key_id", "dk_ada_phone",
            "enc", "3q2+7w==",
            "ciphertext", "c2VhbGVkIGJ5dGVz");

    send(phone, WHATSAPP_TOKEN, sealed(waId, List.of(envelope)))
        .statusCode(200)
        .body("contacts[0].wa_id", equalTo(waId))
        .body("messages[0].id", startsWith("wamid."));

    given()
        .queryParam("recipient", waId)
        .when()
        .get("/simulator/calls")
        .then()
        .statusCode(200)
        .body("[0].body.type", equalTo("sealed"))
        .body("[0].body.sealed.envelopes[0].enc", equalTo("3q2+7w=="))
        .body("[0].body.sealed.envelopes[0].ciphertext", equalTo("c2VhbGVkIGJ5dGVz"));
  }

  @Test
  void refusesASealedMessageWithoutEnvelopesOrWithEnvelopesThatAreNotBase64() {
    String phone = freshId();
    String waId = freshId();
    knownUser("whatsapp", phone, waId, Instant.now());

    send(phone, WHATSAPP_TOKEN, sealed(waId, List.of()))
        .statusCode(400)
        .body("error.code", equalTo(100))
        .body("error.error_data.details", startsWith("Param sealed['envelopes']"));
    send(
            phone,
            WHATSAPP_TOKEN,
            sealed(
                waId,
                List.of(
                    Map.of(
                        "recipient_device_key_id", "dk_1",
                        "enc", "not base64!",
                        "ciphertext", "Y2lwaGVy"))))
        .statusCode(400)
        .body("error.code", equalTo(100))
        .body(
            "error.error_data.details",
            equalTo("Param sealed['envelopes'][0]['enc'] must be standard base64."));
  }

  @Test
  void refusesAnUnknownRecipientAsUndeliverable() {
    send(freshId(), WHATSAPP_TOKEN, text(freshId()))
        .statusCode(400)
        .body("error.code", equalTo(131026));
  }

  @Test
  void refusesAMessageWithoutRecipientAsAnInvalidParameter() {
    send(
            freshId(),
            WHATSAPP_TOKEN,
            Map.of("messaging_product", "whatsapp", "type", "text", "text", Map.of("body", "hi")))
        .statusCode(400)
        .body("error.code", equalTo(100))
        .body("error.type", equalTo("OAuthException"));
  }

  @Test
  void refusesAWrongAccessTokenWithCode190() {
    given()
        .contentType("application/json")
        .header("Authorization", "Bearer wrong")
        .body(text(freshId()))
        .when()
        .post("/v21.0/" + freshId() + "/messages")
        .then()
        .statusCode(401)
        .body("error.code", equalTo(190))
        .body("error.error_data.messaging_product", equalTo("whatsapp"));
  }

  @Test
  void answersThePairRateLimitWhenOneRecipientGetsTooManyMessages() {
    String phone = freshId();
    String waId = freshId();
    knownUser("whatsapp", phone, waId, Instant.now());

    // The test profile allows 5 messages to one recipient per 6 seconds.
    List<Integer> codes =
        IntStream.range(0, 7)
            .mapToObj(i -> errorCode(send(phone, WHATSAPP_TOKEN, text(waId))))
            .toList();

    assertThat(codes.subList(0, 5)).containsOnly(0);
    assertThat(codes.subList(5, 7)).containsOnly(131056);
  }

  @Test
  void answersTheThroughputErrorBeyondThePhoneNumbersMessagesPerSecond() {
    String phone = freshId();

    // The test profile allows 20 messages per second per phone number.
    List<Integer> codes =
        IntStream.range(0, 60)
            .parallel()
            .mapToObj(i -> errorCode(send(phone, WHATSAPP_TOKEN, text(freshId()))))
            .toList();

    assertThat(codes).contains(130429);
  }

  private static int errorCode(ValidatableResponse response) {
    return Objects.requireNonNullElse(response.extract().<Integer>path("error.code"), 0);
  }

  private static ValidatableResponse send(String phone, String token, Object body) {
    return given()
        .contentType("application/json")
        .header("Authorization", "Bearer " + token)
        .body(body)
        .when()
        .post("/v21.0/" + phone + "/messages")
        .then();
  }

  private static Map<String, Object> sealed(String to, List<Map<String, Object>> envelopes) {
    return Map.of(
        "messaging_product", "whatsapp",
        "recipient_type", "individual",
        "to", to,
        "type", "sealed",
        "sealed",
            Map.of(
                "algorithm", "HPKE-X25519-HKDF-SHA256-AES-128-GCM",
                "sender_device_key_id", "dk_sender_1",
                "message_id", "mesh-1",
                "envelopes", envelopes));
  }

  private static Map<String, Object> text(String to) {
    return Map.of(
        "messaging_product", "whatsapp",
        "recipient_type", "individual",
        "to", to,
        "type", "text",
        "text", Map.of("body", "hello"));
  }
}
