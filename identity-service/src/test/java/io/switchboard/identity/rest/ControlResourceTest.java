package io.switchboard.identity.rest;

import static io.switchboard.identity.Requests.anonymous;
import static io.switchboard.identity.Requests.as;
import static io.switchboard.identity.Requests.versionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.identity.People;
import io.switchboard.identity.RouteWatch;
import io.switchboard.identity.Tokens;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class ControlResourceTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void listsTheDefaultsForEverySourceAppBeforeThePersonChoseAnything() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .when()
        .get("/api/v1/people/" + ada + "/controls")
        .then()
        .statusCode(200)
        .body("sourcePlatform", contains("instagram", "messenger", "whatsapp", "switchboard"))
        .body("known", everyItem(equalTo("inbox")))
        .body("unknown", everyItem(equalTo("requests")));
  }

  @Test
  void setsWhereMessagesFromOneAppLandAndPublishesIt() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    try (RouteWatch links = RouteWatch.fromNow()) {
      as(Tokens.person(ada))
          .body("{\"known\":\"requests\",\"unknown\":\"refused\"}")
          .when()
          .put("/api/v1/people/" + ada + "/controls/instagram")
          .then()
          .statusCode(200)
          .body("sourcePlatform", equalTo("instagram"))
          .body("known", equalTo("requests"))
          .body("unknown", equalTo("refused"));

      AccountRoute route = links.awaitVersion(RouteWatch.key("messenger", psid), versionOf(ada));
      assertThat(route.controls())
          .containsExactly(
              new AccountRoute.MessageControl(Platform.INSTAGRAM, "requests", "refused"));
    }
    as(Tokens.person(ada))
        .when()
        .get("/api/v1/people/" + ada + "/controls")
        .then()
        .body("find { it.sourcePlatform == 'instagram' }.unknown", equalTo("refused"))
        .body("find { it.sourcePlatform == 'whatsapp' }.unknown", equalTo("requests"));
  }

  @Test
  void letsAMeshServiceReadAPersonsControls() {
    String ada = People.registerOnMessenger();
    setControl(ada, "whatsapp", "inbox", "refused");

    as(Tokens.service())
        .when()
        .get("/api/v1/people/" + ada + "/controls")
        .then()
        .statusCode(200)
        .body("find { it.sourcePlatform == 'whatsapp' }.unknown", equalTo("refused"));
  }

  @Test
  void refusesAnUnknownPlacementNamingTheFieldAndChangesNothing() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .body("{\"known\":\"inbox\",\"unknown\":\"spam\"}")
        .when()
        .put("/api/v1/people/" + ada + "/controls/instagram")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("details[0].field", equalTo("unknown"));
    assertUnknownPlacement(ada, "instagram", "requests");
  }

  @Test
  void refusesAMissingPlacementNamingTheField() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .body("{\"unknown\":\"inbox\"}")
        .when()
        .put("/api/v1/people/" + ada + "/controls/instagram")
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("known"));
  }

  @Test
  void refusesAnUnknownSourceAppNamingIt() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .body("{\"known\":\"inbox\",\"unknown\":\"inbox\"}")
        .when()
        .put("/api/v1/people/" + ada + "/controls/telegram")
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("sourcePlatform"));
  }

  @Test
  void refusesAPersonReadingOrChangingAnotherPersonsControls() {
    String ada = People.registerOnMessenger();
    String grace = People.registerOnMessenger();

    as(Tokens.person(grace))
        .when()
        .get("/api/v1/people/" + ada + "/controls")
        .then()
        .statusCode(403);
    as(Tokens.person(grace))
        .body("{\"known\":\"refused\",\"unknown\":\"refused\"}")
        .when()
        .put("/api/v1/people/" + ada + "/controls/messenger")
        .then()
        .statusCode(403)
        .body("error", equalTo("forbidden"));
    assertUnknownPlacement(ada, "messenger", "requests");
  }

  @Test
  void refusesAMeshServiceChangingAPersonsControls() {
    String ada = People.registerOnMessenger();

    as(Tokens.service())
        .body("{\"known\":\"refused\",\"unknown\":\"refused\"}")
        .when()
        .put("/api/v1/people/" + ada + "/controls/messenger")
        .then()
        .statusCode(403);
    assertUnknownPlacement(ada, "messenger", "requests");
  }

  @Test
  void refusesControlsWithoutAToken() {
    String ada = People.registerOnMessenger();

    anonymous().when().get("/api/v1/people/" + ada + "/controls").then().statusCode(401);
    anonymous()
        .body("{\"known\":\"refused\",\"unknown\":\"refused\"}")
        .when()
        .put("/api/v1/people/" + ada + "/controls/messenger")
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"));
  }

  @Test
  void answersNotFoundForTheControlsOfAnUnknownPerson() {
    String nobody = UUID.randomUUID().toString();

    as(Tokens.service())
        .when()
        .get("/api/v1/people/" + nobody + "/controls")
        .then()
        .statusCode(404);
    as(Tokens.person(nobody))
        .body("{\"known\":\"inbox\",\"unknown\":\"inbox\"}")
        .when()
        .put("/api/v1/people/" + nobody + "/controls/messenger")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
  }

  private static void setControl(String personId, String source, String known, String unknown) {
    as(Tokens.person(personId))
        .body("{\"known\":\"" + known + "\",\"unknown\":\"" + unknown + "\"}")
        .when()
        .put("/api/v1/people/" + personId + "/controls/" + source)
        .then()
        .statusCode(200);
  }

  private static void assertUnknownPlacement(String personId, String source, String placement) {
    as(Tokens.service())
        .when()
        .get("/api/v1/people/" + personId + "/controls")
        .then()
        .body("find { it.sourcePlatform == '" + source + "' }.unknown", equalTo(placement));
  }
}
