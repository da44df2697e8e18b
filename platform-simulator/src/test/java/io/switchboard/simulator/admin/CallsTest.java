package io.switchboard.simulator.admin;

import static io.restassured.RestAssured.given;
import static io.switchboard.simulator.SimulatorFixtures.INSTAGRAM_TOKEN;
import static io.switchboard.simulator.SimulatorFixtures.MESSENGER_TOKEN;
import static io.switchboard.simulator.SimulatorFixtures.freshId;
import static io.switchboard.simulator.SimulatorFixtures.knownUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CallsTest {
  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void recordsEachCallWithItsAnswerAndWithoutTheAccessToken() {
    String page = freshId();
    String psid = freshId();
    knownUser("messenger", page, psid, Instant.now());
    String mid =
        send("/v21.0/" + page + "/messages?notification_type=REGULAR", MESSENGER_TOKEN, psid)
            .path("message_id");

    given()
        .queryParam("recipient", psid)
        .when()
        .get("/simulator/calls")
        .then()
        .statusCode(200)
        .body("", hasSize(1))
        .body("[0].platform", equalTo("messenger"))
        .body("[0].path", equalTo("/v21.0/" + page + "/messages"))
        .body("[0].query", equalTo("notification_type=REGULAR"))
        .body("[0].body.message.text", equalTo("hello"))
        .body("[0].status", equalTo(200))
        .body("[0].response.message_id", equalTo(mid));
    String everything = given().when().get("/simulator/calls").then().extract().asString();
    assertThat(everything).doesNotContain(MESSENGER_TOKEN);
  }

  @Test
  void filtersCallsByPlatformAndRecipient() {
    String psid = freshId();
    send("/v21.0/" + freshId() + "/messages", MESSENGER_TOKEN, psid);
    send("/v21.0/me/messages", INSTAGRAM_TOKEN, psid);

    List<String> platforms =
        given()
            .queryParam("recipient", psid)
            .when()
            .get("/simulator/calls")
            .then()
            .statusCode(200)
            .extract()
            .path("platform");
    assertThat(platforms).containsExactly("messenger", "instagram");
    given()
        .queryParam("recipient", psid)
        .queryParam("platform", "instagram")
        .when()
        .get("/simulator/calls")
        .then()
        .body("", hasSize(1))
        .body("[0].status", equalTo(400))
        .body("[0].response.error.error_subcode", equalTo(2018001));
  }

  @Test
  void filtersCallsMadeSinceAnInstant() throws InterruptedException {
    String psid = freshId();
    send("/v21.0/" + freshId() + "/messages", MESSENGER_TOKEN, psid);
    Thread.sleep(20);
    Instant between = Instant.now();
    Thread.sleep(20);
    send("/v21.0/" + freshId() + "/messages", MESSENGER_TOKEN, psid);

    given()
        .queryParam("recipient", psid)
        .queryParam("since", between.toString())
        .when()
        .get("/simulator/calls")
        .then()
        .statusCode(200)
        .body("", hasSize(1));
  }

  @Test
  void refusesAnUnknownPlatformFilterWithTheMeshErrorBody() {
    given()
        .queryParam("platform", "telegram")
        .when()
        .get("/simulator/calls")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  private static io.restassured.response.Response send(String path, String token, String psid) {
    return given()
        .contentType("application/json")
        .queryParam("access_token", token)
        .body(
            Map.of(
                "recipient", Map.of("id", psid),
                "messaging_type", "RESPONSE",
                "message", Map.of("text", "hello")))
        .when()
        .post(path);
  }
}
