package io.switchboard.identity.rest;

import static io.switchboard.identity.Requests.anonymous;
import static io.switchboard.identity.Requests.as;
import static io.switchboard.identity.Requests.versionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.identity.Devices;
import io.switchboard.identity.People;
import io.switchboard.identity.RouteWatch;
import io.switchboard.identity.Tokens;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class BlockResourceTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void blocksAnotherPersonOnEveryAccountOfTheBlocker() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    String device = Devices.register(ada).getString("deviceId");
    String grace = People.registerOnMessenger();
    try (RouteWatch links = RouteWatch.fromNow()) {
      as(Tokens.person(ada))
          .when()
          .put("/api/v1/people/" + ada + "/blocks/" + grace)
          .then()
          .statusCode(204);

      AccountRoute onMessenger =
          links.awaitVersion(RouteWatch.key("messenger", psid), versionOf(ada));
      AccountRoute onDevice =
          links.awaitVersion(RouteWatch.key("switchboard", device), versionOf(ada));
      assertThat(onMessenger.blockedPersonIds()).containsExactly(grace);
      assertThat(onDevice.blockedPersonIds()).containsExactly(grace);
    }
    as(Tokens.person(ada))
        .when()
        .get("/api/v1/people/" + ada + "/blocks")
        .then()
        .statusCode(200)
        .body("personId", contains(grace));
  }

  @Test
  void blockingTwiceIsOneBlockAndPublishesNothingNew() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    String grace = People.registerOnMessenger();
    block(ada, grace);
    long before = versionOf(ada);
    try (RouteWatch links = RouteWatch.fromNow()) {
      block(ada, grace);

      assertThat(
              links.routesNewerThan(
                  RouteWatch.key("messenger", psid), before, Duration.ofSeconds(2)))
          .isEmpty();
      assertThat(versionOf(ada)).isEqualTo(before);
    }
    as(Tokens.person(ada))
        .when()
        .get("/api/v1/people/" + ada + "/blocks")
        .then()
        .body("$", hasSize(1));
  }

  @Test
  void liftsABlockAndPublishesIt() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    String grace = People.registerOnMessenger();
    block(ada, grace);
    try (RouteWatch links = RouteWatch.fromNow()) {
      as(Tokens.person(ada))
          .when()
          .delete("/api/v1/people/" + ada + "/blocks/" + grace)
          .then()
          .statusCode(204);

      assertThat(
              links
                  .awaitVersion(RouteWatch.key("messenger", psid), versionOf(ada))
                  .blockedPersonIds())
          .isEmpty();
    }
    as(Tokens.person(ada))
        .when()
        .get("/api/v1/people/" + ada + "/blocks")
        .then()
        .body("$", empty());
  }

  @Test
  void liftingABlockThatDoesNotExistChangesNothing() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    long before = versionOf(ada);
    try (RouteWatch links = RouteWatch.fromNow()) {
      as(Tokens.person(ada))
          .when()
          .delete("/api/v1/people/" + ada + "/blocks/" + UUID.randomUUID())
          .then()
          .statusCode(204);

      assertThat(
              links.routesNewerThan(
                  RouteWatch.key("messenger", psid), before, Duration.ofSeconds(2)))
          .isEmpty();
      assertThat(versionOf(ada)).isEqualTo(before);
    }
  }

  @Test
  void refusesBlockingAnUnknownPersonAndChangesNothing() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .when()
        .put("/api/v1/people/" + ada + "/blocks/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
    assertNoBlocks(ada);
  }

  @Test
  void refusesAPersonBlockingThemselvesNamingTheField() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .when()
        .put("/api/v1/people/" + ada + "/blocks/" + ada)
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("blockedPersonId"));
    assertNoBlocks(ada);
  }

  @Test
  void refusesAPersonReadingOrChangingAnotherPersonsBlocks() {
    String ada = People.registerOnMessenger();
    String grace = People.registerOnMessenger();

    as(Tokens.person(grace))
        .when()
        .put("/api/v1/people/" + ada + "/blocks/" + grace)
        .then()
        .statusCode(403)
        .body("error", equalTo("forbidden"));
    as(Tokens.person(grace)).when().get("/api/v1/people/" + ada + "/blocks").then().statusCode(403);
    as(Tokens.person(grace))
        .when()
        .delete("/api/v1/people/" + ada + "/blocks/" + grace)
        .then()
        .statusCode(403);
    assertNoBlocks(ada);
  }

  @Test
  void refusesAMeshServiceBlockingForAPerson() {
    String ada = People.registerOnMessenger();
    String grace = People.registerOnMessenger();

    as(Tokens.service())
        .when()
        .put("/api/v1/people/" + ada + "/blocks/" + grace)
        .then()
        .statusCode(403);
    assertNoBlocks(ada);
  }

  @Test
  void refusesBlocksWithoutAToken() {
    String ada = People.registerOnMessenger();
    String grace = People.registerOnMessenger();

    anonymous()
        .when()
        .put("/api/v1/people/" + ada + "/blocks/" + grace)
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"));
    anonymous().when().get("/api/v1/people/" + ada + "/blocks").then().statusCode(401);
  }

  @Test
  void answersNotFoundForTheBlocksOfAnUnknownPerson() {
    String nobody = UUID.randomUUID().toString();
    String grace = People.registerOnMessenger();

    as(Tokens.person(nobody))
        .when()
        .put("/api/v1/people/" + nobody + "/blocks/" + grace)
        .then()
        .statusCode(404);
    as(Tokens.person(nobody))
        .when()
        .get("/api/v1/people/" + nobody + "/blocks")
        .then()
        .statusCode(404);
  }

  static void block(String personId, String blockedPersonId) {
    as(Tokens.person(personId))
        .when()
        .put("/api/v1/people/" + personId + "/blocks/" + blockedPersonId)
        .then()
        .statusCode(204);
  }

  private static void assertNoBlocks(String personId) {
    as(Tokens.person(personId))
        .when()
        .get("/api/v1/people/" + personId + "/blocks")
        .then()
        .statusCode(200)
        .body("$", empty());
  }
}
