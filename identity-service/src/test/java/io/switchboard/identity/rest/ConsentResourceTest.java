package io.switchboard.identity.rest;

import static io.switchboard.identity.Requests.anonymous;
import static io.switchboard.identity.Requests.as;
import static io.switchboard.identity.Requests.versionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.identity.People;
import io.switchboard.identity.RouteWatch;
import io.switchboard.identity.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class ConsentResourceTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void turnsCrossAppMessagingOnWhenThePersonSaysSoAndPublishesIt() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    try (RouteWatch links = RouteWatch.fromNow()) {
      as(Tokens.person(ada))
          .body("{\"crossAppEnabled\":true}")
          .when()
          .put("/api/v1/people/" + ada + "/consent")
          .then()
          .statusCode(200)
          .body("id", equalTo(ada))
          .body("crossAppEnabled", equalTo(true));

      AccountRoute route = links.awaitVersion(RouteWatch.key("messenger", psid), versionOf(ada));
      assertThat(route.crossAppEnabled()).isTrue();
      assertThat(route.version()).isGreaterThan(1);
    }
  }

  @Test
  void turnsCrossAppMessagingOffAgainAndPublishesIt() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    setConsent(ada, true);
    try (RouteWatch links = RouteWatch.fromNow()) {
      setConsent(ada, false);

      AccountRoute route = links.awaitVersion(RouteWatch.key("messenger", psid), versionOf(ada));
      assertThat(route.crossAppEnabled()).isFalse();
    }
  }

  @Test
  void refusesConsentWithoutTheFieldNamingIt() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .body("{}")
        .when()
        .put("/api/v1/people/" + ada + "/consent")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("details[0].field", equalTo("crossAppEnabled"));
  }

  @Test
  void refusesConsentThatIsNotAJsonBooleanAndChangesNothing() {
    String ada = People.registerOnMessenger();

    for (String value : new String[] {"\"true\"", "1", "\"yes\""}) {
      as(Tokens.person(ada))
          .body("{\"crossAppEnabled\":" + value + "}")
          .when()
          .put("/api/v1/people/" + ada + "/consent")
          .then()
          .statusCode(400)
          .body("details[0].field", equalTo("crossAppEnabled"));
    }
    assertConsent(ada, false);
  }

  @Test
  void refusesAPersonChangingAnotherPersonsConsent() {
    String ada = People.registerOnMessenger();
    String grace = People.registerOnMessenger();

    as(Tokens.person(grace))
        .body("{\"crossAppEnabled\":true}")
        .when()
        .put("/api/v1/people/" + ada + "/consent")
        .then()
        .statusCode(403)
        .body("error", equalTo("forbidden"));
    assertConsent(ada, false);
  }

  @Test
  void refusesAMeshServiceDecidingConsentForAPerson() {
    String ada = People.registerOnMessenger();

    as(Tokens.service())
        .body("{\"crossAppEnabled\":true}")
        .when()
        .put("/api/v1/people/" + ada + "/consent")
        .then()
        .statusCode(403);
    assertConsent(ada, false);
  }

  @Test
  void refusesConsentWithoutAToken() {
    String ada = People.registerOnMessenger();

    anonymous()
        .body("{\"crossAppEnabled\":true}")
        .when()
        .put("/api/v1/people/" + ada + "/consent")
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"));
  }

  @Test
  void answersNotFoundForTheConsentOfAnUnknownPerson() {
    String nobody = java.util.UUID.randomUUID().toString();

    as(Tokens.person(nobody))
        .body("{\"crossAppEnabled\":true}")
        .when()
        .put("/api/v1/people/" + nobody + "/consent")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
  }

  static void setConsent(String personId, boolean enabled) {
    as(Tokens.person(personId))
        .body("{\"crossAppEnabled\":" + enabled + "}")
        .when()
        .put("/api/v1/people/" + personId + "/consent")
        .then()
        .statusCode(200);
  }

  private static void assertConsent(String personId, boolean enabled) {
    as(Tokens.service())
        .when()
        .get("/api/v1/people/" + personId)
        .then()
        .statusCode(200)
        .body("crossAppEnabled", equalTo(enabled));
  }
}
