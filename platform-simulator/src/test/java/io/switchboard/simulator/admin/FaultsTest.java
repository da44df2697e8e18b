package io.switchboard.simulator.admin;

import static io.restassured.RestAssured.given;
import static io.switchboard.simulator.SimulatorFixtures.MESSENGER_TOKEN;
import static io.switchboard.simulator.SimulatorFixtures.WHATSAPP_TOKEN;
import static io.switchboard.simulator.SimulatorFixtures.freshId;
import static io.switchboard.simulator.SimulatorFixtures.knownUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FaultsTest {
  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @AfterEach
  void endFaults() {
    given().when().delete("/simulator/faults").then().statusCode(204);
  }

  @Test
  void answers429ForTheNextCallsThenAnswersNormallyAgain() {
    String page = freshId();
    String psid = freshId();
    knownUser("messenger", page, psid, Instant.now());
    fault(Map.of("platform", "messenger", "status", 429, "count", 2));

    messengerText(page, psid).statusCode(429).body("error.code", equalTo(613));
    messengerText(page, psid).statusCode(429).body("error.code", equalTo(613));
    messengerText(page, psid).statusCode(200);
  }

  @Test
  void answersAnOutageOnlyOnThePlatformItWasSetFor() {
    String page = freshId();
    String psid = freshId();
    knownUser("messenger", page, psid, Instant.now());
    fault(Map.of("platform", "whatsapp", "status", 503, "durationMs", 60_000));

    messengerText(page, psid).statusCode(200);
    given()
        .contentType("application/json")
        .header("Authorization", "Bearer " + WHATSAPP_TOKEN)
        .body(Map.of("messaging_product", "whatsapp", "to", freshId(), "text", Map.of("body", "x")))
        .when()
        .post("/v21.0/" + freshId() + "/messages")
        .then()
        .statusCode(503)
        .body("error.code", equalTo(2))
        .body("error.error_data.messaging_product", equalTo("whatsapp"));
  }

  @Test
  void delaysAnswersByTheLatencyAsked() {
    String page = freshId();
    String psid = freshId();
    knownUser("messenger", page, psid, Instant.now());
    fault(Map.of("platform", "all", "latencyMs", 400, "count", 1));

    long start = System.nanoTime();
    messengerText(page, psid).statusCode(200);
    long delayedMs = (System.nanoTime() - start) / 1_000_000;
    start = System.nanoTime();
    messengerText(page, psid).statusCode(200);
    long normalMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(delayedMs).isGreaterThanOrEqualTo(400);
    assertThat(normalMs).isLessThan(delayedMs);
  }

  @Test
  void refusesAFaultThatNeitherFailsNorDelays() {
    given()
        .contentType("application/json")
        .body(Map.of("platform", "messenger", "count", 3))
        .when()
        .post("/simulator/faults")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void refusesAStatusItCannotImitate() {
    given()
        .contentType("application/json")
        .body(Map.of("platform", "messenger", "status", 418, "count", 1))
        .when()
        .post("/simulator/faults")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  private static void fault(Map<String, Object> fault) {
    given()
        .contentType("application/json")
        .body(fault)
        .when()
        .post("/simulator/faults")
        .then()
        .statusCode(201);
  }

  private static ValidatableResponse messengerText(String page, String psid) {
    return given()
        .contentType("application/json")
        .queryParam("access_token", MESSENGER_TOKEN)
        .body(
            Map.of(
                "recipient", Map.of("id", psid),
                "messaging_type", "RESPONSE",
                "message", Map.of("text", "hello")))
        .when()
        .post("/v21.0/" + page + "/messages")
        .then();
  }
}
