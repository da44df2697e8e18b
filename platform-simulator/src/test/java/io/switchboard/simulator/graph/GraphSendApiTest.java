package io.switchboard.simulator.graph;

import static io.restassured.RestAssured.given;
import static io.switchboard.simulator.SimulatorFixtures.INSTAGRAM_TOKEN;
import static io.switchboard.simulator.SimulatorFixtures.MESSENGER_TOKEN;
import static io.switchboard.simulator.SimulatorFixtures.freshId;
import static io.switchboard.simulator.SimulatorFixtures.knownUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
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
class GraphSendApiTest {
  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void answersAMessengerTextWithTheRecipientAndAMessageId() {
    String page = freshId();
    String psid = freshId();
    knownUser("messenger", page, psid, Instant.now());

    send(page, MESSENGER_TOKEN, text(psid, "hello"))
        .statusCode(200)
        .body("recipient_id", equalTo(psid))
        .body("message_id", startsWith("m_"));
  }

  @Test
  void answersASenderActionWithTheRecipientOnly() {
    String page = freshId();
    String psid = freshId();
    knownUser("messenger", page, psid, Instant.now());

    send(
            page,
            MESSENGER_TOKEN,
            Map.of("recipient", Map.of("id", psid), "sender_action", "typing_on"))
        .statusCode(200)
        .body("recipient_id", equalTo(psid))
        .body("message_id", nullValue());
  }

  @Test
  void answersAnInstagramReactionSentToMeMessagesWithABearerToken() {
    String account = freshId();
    String igsid = freshId();
    knownUser("instagram", account, igsid, Instant.now());

    given()
        .contentType("application/json")
        .header("Authorization", "Bearer " + INSTAGRAM_TOKEN)
        .body(
            Map.of(
                "recipient", Map.of("id", igsid),
                "sender_action", "react",
                "payload", Map.of("message_id", "aWdfZAG1", "reaction", "love")))
        .when()
        .post("/v21.0/me/messages")
        .then()
        .statusCode(200)
        .body("recipient_id", equalTo(igsid));
  }

  @Test
  void refusesAnUnknownRecipientWithNoMatchingUserFound() {
    send(freshId(), MESSENGER_TOKEN, text(freshId(), "hello"))
        .statusCode(400)
        .body("error.code", equalTo(100))
        .body("error.error_subcode", equalTo(2018001))
        .body("error.type", equalTo("OAuthException"))
        .body("error.message", equalTo("(#100) No matching user found"))
        .body("error.fbtrace_id", notNullValue());
  }

  @Test
  void refusesAMessageOutsideThe24HourWindow() {
    String page = freshId();
    String psid = freshId();
    knownUser("messenger", page, psid, Instant.now().minus(Duration.ofHours(25)));

    send(page, MESSENGER_TOKEN, text(psid, "too late"))
        .statusCode(400)
        .body("error.code", equalTo(10))
        .body("error.error_subcode", equalTo(2018278));
  }

  @Test
  void acceptsAHumanAgentTagWithinSevenDaysOfTheLastMessage() {
    String page = freshId();
    String psid = freshId();
    knownUser("messenger", page, psid, Instant.now().minus(Duration.ofDays(6)));

    send(page, MESSENGER_TOKEN, humanAgent(psid))
        .statusCode(200)
        .body("message_id", startsWith("m_"));
  }

  @Test
  void refusesAHumanAgentTagAfterSevenDays() {
    String page = freshId();
    String psid = freshId();
    knownUser("messenger", page, psid, Instant.now().minus(Duration.ofDays(8)));

    send(page, MESSENGER_TOKEN, humanAgent(psid))
        .statusCode(400)
        .body("error.error_subcode", equalTo(2018278));
  }

  @Test
  void refusesTextLongerThan2000Characters() {
    String page = freshId();
    String psid = freshId();
    knownUser("messenger", page, psid, Instant.now());

    send(page, MESSENGER_TOKEN, text(psid, "x".repeat(2001)))
        .statusCode(400)
        .body("error.code", equalTo(100))
        .body("error.message", startsWith("(#100) Length of param message[text]"));
  }

  @Test
  void refusesACallWithoutAnAccessTokenWithCode190() {
    given()
        .contentType("application/json")
        .body(text(freshId(), "hello"))
        .when()
        .post("/v21.0/" + freshId() + "/messages")
        .then()
        .statusCode(400)
        .body("error.code", equalTo(190))
        .body("error.type", equalTo("OAuthException"));
  }

  @Test
  void refusesAWrongAccessTokenWithCode190And401() {
    send(freshId(), "not-the-token", text(freshId(), "hello"))
        .statusCode(401)
        .body("error.code", equalTo(190));
  }

  @Test
  void answersTheRateLimitErrorWhenAPageSendsMoreThanTenVideosASecond() {
    String page = freshId();
    String psid = freshId();
    knownUser("messenger", page, psid, Instant.now());
    Map<String, Object> video =
        Map.of(
            "recipient", Map.of("id", psid),
            "messaging_type", "RESPONSE",
            "message",
                Map.of(
                    "attachment",
                    Map.of(
                        "type", "video", "payload", Map.of("url", "https://cdn.example/v.mp4"))));

    List<Integer> codes =
        IntStream.range(0, 30)
            .parallel()
            .mapToObj(
                i ->
                    Objects.requireNonNullElse(
                        send(page, MESSENGER_TOKEN, video).extract().<Integer>path("error.code"),
                        0))
            .toList();

    assertThat(codes).contains(613);
  }

  static ValidatableResponse send(String page, String token, Object body) {
    return given()
        .contentType("application/json")
        .queryParam("access_token", token)
        .body(body)
        .when()
        .post("/v21.0/" + page + "/messages")
        .then();
  }

  static Map<String, Object> text(String psid, String text) {
    return Map.of(
        "recipient",
        Map.of("id", psid),
        "messaging_type",
        "RESPONSE",
        "message",
        Map.of("text", text));
  }

  private static Map<String, Object> humanAgent(String psid) {
    return Map.of(
        "recipient",
        Map.of("id", psid),
        "messaging_type",
        "MESSAGE_TAG",
        "tag",
        "HUMAN_AGENT",
        "message",
        Map.of("text", "an agent answers"));
  }
}
