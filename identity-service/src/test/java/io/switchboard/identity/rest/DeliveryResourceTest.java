package io.switchboard.identity.rest;

import static io.switchboard.identity.Requests.anonymous;
import static io.switchboard.identity.Requests.as;
import static io.switchboard.identity.Requests.versionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.Platform;
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
class DeliveryResourceTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void prefersOneLinkedAppAndPublishesIt() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    Devices.register(ada);
    try (RouteWatch links = RouteWatch.fromNow()) {
      as(Tokens.person(ada))
          .body("{\"mode\":\"preferred\",\"preferredPlatform\":\"switchboard\"}")
          .when()
          .put("/api/v1/people/" + ada + "/delivery")
          .then()
          .statusCode(200)
          .body("delivery.mode", equalTo("preferred"))
          .body("delivery.preferredPlatform", equalTo("switchboard"));

      AccountRoute route = links.awaitVersion(RouteWatch.key("messenger", psid), versionOf(ada));
      assertThat(route.delivery().mode()).isEqualTo("preferred");
      assertThat(route.delivery().preferredPlatform()).isEqualTo(Platform.SWITCHBOARD);
    }
  }

  @Test
  void goesBackToEveryAppForgettingThePreferredOne() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    setDelivery(ada, "{\"mode\":\"preferred\",\"preferredPlatform\":\"messenger\"}");
    try (RouteWatch links = RouteWatch.fromNow()) {
      setDelivery(ada, "{\"mode\":\"all\"}");

      AccountRoute route = links.awaitVersion(RouteWatch.key("messenger", psid), versionOf(ada));
      assertThat(route.delivery().mode()).isEqualTo("all");
      assertThat(route.delivery().preferredPlatform()).isNull();
    }
  }

  @Test
  void refusesAPreferredAppThePersonHasNotLinkedAndChangesNothing() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .body("{\"mode\":\"preferred\",\"preferredPlatform\":\"instagram\"}")
        .when()
        .put("/api/v1/people/" + ada + "/delivery")
        .then()
        .statusCode(422)
        .body("error", equalTo("preference_not_linked"));
    assertDeliveryMode(ada, "all");
  }

  @Test
  void refusesPreferredModeWithoutAnAppNamingTheField() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .body("{\"mode\":\"preferred\"}")
        .when()
        .put("/api/v1/people/" + ada + "/delivery")
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("preferredPlatform"));
    assertDeliveryMode(ada, "all");
  }

  @Test
  void refusesAPreferredAppForAnotherModeNamingTheField() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .body("{\"mode\":\"last_used\",\"preferredPlatform\":\"messenger\"}")
        .when()
        .put("/api/v1/people/" + ada + "/delivery")
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("preferredPlatform"));
    assertDeliveryMode(ada, "all");
  }

  @Test
  void refusesAnUnknownModeOrAppNamingTheField() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .body("{\"mode\":\"everywhere\"}")
        .when()
        .put("/api/v1/people/" + ada + "/delivery")
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("mode"));
    as(Tokens.person(ada))
        .body("{\"mode\":\"preferred\",\"preferredPlatform\":\"telegram\"}")
        .when()
        .put("/api/v1/people/" + ada + "/delivery")
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("preferredPlatform"));
    assertDeliveryMode(ada, "all");
  }

  @Test
  void refusesAPersonOrAServiceChangingAnotherPersonsDelivery() {
    String ada = People.registerOnMessenger();
    String grace = People.registerOnMessenger();

    for (String token : new String[] {Tokens.person(grace), Tokens.service()}) {
      as(token)
          .body("{\"mode\":\"last_used\"}")
          .when()
          .put("/api/v1/people/" + ada + "/delivery")
          .then()
          .statusCode(403)
          .body("error", equalTo("forbidden"));
    }
    assertDeliveryMode(ada, "all");
  }

  @Test
  void refusesDeliveryWithoutAToken() {
    String ada = People.registerOnMessenger();

    anonymous()
        .body("{\"mode\":\"last_used\"}")
        .when()
        .put("/api/v1/people/" + ada + "/delivery")
        .then()
        .statusCode(401);
    anonymous()
        .body("{\"platform\":\"messenger\"}")
        .when()
        .put("/api/v1/people/" + ada + "/delivery/last-used")
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"));
  }

  @Test
  void answersNotFoundForTheDeliveryOfAnUnknownPerson() {
    String nobody = UUID.randomUUID().toString();

    as(Tokens.person(nobody))
        .body("{\"mode\":\"all\"}")
        .when()
        .put("/api/v1/people/" + nobody + "/delivery")
        .then()
        .statusCode(404);
    as(Tokens.service())
        .body("{\"platform\":\"messenger\"}")
        .when()
        .put("/api/v1/people/" + nobody + "/delivery/last-used")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
  }

  @Test
  void recordsTheAppLastUsedAndPublishesOnlyWhenItChanges() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    try (RouteWatch links = RouteWatch.fromNow()) {
      reportLastUsed(ada, "messenger");

      AccountRoute route = links.awaitVersion(RouteWatch.key("messenger", psid), versionOf(ada));
      assertThat(route.delivery().lastUsedPlatform()).isEqualTo(Platform.MESSENGER);
    }
    long before = versionOf(ada);
    try (RouteWatch links = RouteWatch.fromNow()) {
      reportLastUsed(ada, "messenger");

      assertThat(
              links.routesNewerThan(
                  RouteWatch.key("messenger", psid), before, Duration.ofSeconds(2)))
          .isEmpty();
      assertThat(versionOf(ada)).isEqualTo(before);
    }
  }

  @Test
  void refusesAPersonReportingTheAppTheyLastUsed() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .body("{\"platform\":\"messenger\"}")
        .when()
        .put("/api/v1/people/" + ada + "/delivery/last-used")
        .then()
        .statusCode(403);
    assertLastUsedUnset(ada);
  }

  @Test
  void refusesALastUsedAppThePersonHasNotLinked() {
    String ada = People.registerOnMessenger();

    as(Tokens.service())
        .body("{\"platform\":\"whatsapp\"}")
        .when()
        .put("/api/v1/people/" + ada + "/delivery/last-used")
        .then()
        .statusCode(422)
        .body("error", equalTo("platform_not_linked"));
    assertLastUsedUnset(ada);
  }

  @Test
  void refusesAnUnknownLastUsedAppNamingTheField() {
    String ada = People.registerOnMessenger();

    for (String body : new String[] {"{\"platform\":\"telegram\"}", "{}"}) {
      as(Tokens.service())
          .body(body)
          .when()
          .put("/api/v1/people/" + ada + "/delivery/last-used")
          .then()
          .statusCode(400)
          .body("details[0].field", equalTo("platform"));
    }
    assertLastUsedUnset(ada);
  }

  private static void setDelivery(String personId, String body) {
    as(Tokens.person(personId))
        .body(body)
        .when()
        .put("/api/v1/people/" + personId + "/delivery")
        .then()
        .statusCode(200);
  }

  private static void reportLastUsed(String personId, String platform) {
    as(Tokens.service())
        .body("{\"platform\":\"" + platform + "\"}")
        .when()
        .put("/api/v1/people/" + personId + "/delivery/last-used")
        .then()
        .statusCode(204);
  }

  private static void assertDeliveryMode(String personId, String mode) {
    as(Tokens.service())
        .when()
        .get("/api/v1/people/" + personId)
        .then()
        .statusCode(200)
        .body("delivery.mode", equalTo(mode))
        .body("delivery.preferredPlatform", nullValue());
  }

  private static void assertLastUsedUnset(String personId) {
    as(Tokens.service())
        .when()
        .get("/api/v1/people/" + personId)
        .then()
        .statusCode(200)
        .body("delivery.lastUsedPlatform", nullValue());
  }
}
