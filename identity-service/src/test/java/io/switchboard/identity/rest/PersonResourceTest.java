package io.switchboard.identity.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.topics.Topics;
import io.switchboard.identity.People;
import io.switchboard.identity.RouteWatch;
import io.switchboard.identity.Tokens;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class PersonResourceTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void registersAPersonAndPublishesTheirRouteOnIdentityLinks() {
    String psid = People.numericId();
    try (RouteWatch watch = RouteWatch.fromNow()) {
      String personId = People.register("messenger", psid);

      AccountRoute route = watch.awaitRoute("messenger:" + psid);
      assertThat(route.personId()).isEqualTo(personId);
      assertThat(route.crossAppEnabled()).as("cross-app messaging starts off").isFalse();
      assertThat(route.routes()).extracting(r -> r.accountId()).containsExactly(psid);
    }
  }

  @Test
  void refusesASecondPersonForAnAccountThatHasOne() {
    String psid = People.numericId();
    People.register("messenger", psid);

    given()
        .auth()
        .oauth2(Tokens.service())
        .contentType("application/json")
        .body("{\"account\":{\"platform\":\"messenger\",\"accountId\":\"" + psid + "\"}}")
        .when()
        .post("/api/v1/people")
        .then()
        .statusCode(409)
        .body("error", equalTo("account_taken"));
  }

  @Test
  void refusesAPsidThatIsNotNumericNamingTheField() {
    given()
        .auth()
        .oauth2(Tokens.service())
        .contentType("application/json")
        .body("{\"account\":{\"platform\":\"messenger\",\"accountId\":\"not-a-psid\"}}")
        .when()
        .post("/api/v1/people")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("details[0].field", equalTo("account.accountId"));
  }

  @Test
  void refusesAPhoneNumberThatIsNotE164() {
    given()
        .auth()
        .oauth2(Tokens.service())
        .contentType("application/json")
        .body(
            "{\"account\":{\"platform\":\"whatsapp\",\"accountId\":\""
                + People.numericId()
                + "\"},\"aliases\":[{\"kind\":\"phone\",\"value\":\"0049 30 1234\"}]}")
        .when()
        .post("/api/v1/people")
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("aliases[0].value"));
  }

  @Test
  void refusesABodyOfTheWrongShapeWithTheMeshErrorBody() {
    given()
        .auth()
        .oauth2(Tokens.service())
        .contentType("application/json")
        .body("{\"account\":\"messenger:123\"}")
        .when()
        .post("/api/v1/people")
        .then()
        .statusCode(400)
        .body("error", equalTo("malformed_body"))
        .body("details.field", equalTo("account"));
  }

  @Test
  void refusesACallWithoutATokenWithTheErrorBody() {
    given()
        .contentType("application/json")
        .body("{}")
        .when()
        .post("/api/v1/people")
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"));
  }

  @Test
  void refusesAPersonRegisteringPeople() {
    given()
        .auth()
        .oauth2(Tokens.stranger())
        .contentType("application/json")
        .body("{\"account\":{\"platform\":\"messenger\",\"accountId\":\"123\"}}")
        .when()
        .post("/api/v1/people")
        .then()
        .statusCode(403)
        .body("error", equalTo("forbidden"));
  }

  @Test
  void letsAPersonReadThemselvesButNotOthers() {
    String ada = People.registerOnMessenger();
    String grace = People.registerOnMessenger();

    given()
        .auth()
        .oauth2(Tokens.person(ada))
        .when()
        .get("/api/v1/people/" + ada)
        .then()
        .statusCode(200)
        .body("id", equalTo(ada))
        .body("accounts", hasSize(1));
    given()
        .auth()
        .oauth2(Tokens.person(ada))
        .when()
        .get("/api/v1/people/" + grace)
        .then()
        .statusCode(403);
  }

  @Test
  void answersNotFoundForAnUnknownPerson() {
    given()
        .auth()
        .oauth2(Tokens.service())
        .when()
        .get("/api/v1/people/00000000-0000-4000-8000-000000000000")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
  }

  @Test
  void resolvesAWhatsappAccountByItsBsuidAlone() {
    String waId = People.numericId();
    String bsuid = "US." + People.numericId();
    String personId =
        given()
            .auth()
            .oauth2(Tokens.service())
            .contentType("application/json")
            .body(
                "{\"account\":{\"platform\":\"whatsapp\",\"accountId\":\""
                    + waId
                    + "\"},\"aliases\":[{\"kind\":\"bsuid\",\"value\":\""
                    + bsuid
                    + "\"}]}")
            .when()
            .post("/api/v1/people")
            .then()
            .statusCode(201)
            .extract()
            .path("id");

    given()
        .auth()
        .oauth2(Tokens.service())
        .queryParam("platform", "whatsapp")
        .queryParam("accountId", bsuid)
        .when()
        .get("/api/v1/resolve")
        .then()
        .statusCode(200)
        .body("personId", equalTo(personId))
        .body("account.accountId", equalTo(waId))
        .body("aliases", equalTo(List.of(bsuid)));
  }

  @Test
  void answersNotFoundWhenResolvingAnUnknownAccount() {
    given()
        .auth()
        .oauth2(Tokens.service())
        .queryParam("platform", "instagram")
        .queryParam("accountId", People.numericId())
        .when()
        .get("/api/v1/resolve")
        .then()
        .statusCode(404);
  }

  @Test
  void erasesAPersonAtOnceWithATombstone() {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);
    try (RouteWatch watch = RouteWatch.fromNow()) {
      given()
          .auth()
          .oauth2(Tokens.person(personId))
          .when()
          .delete("/api/v1/people/" + personId)
          .then()
          .statusCode(204);

      // The registration's own record may still arrive first; the tombstone must follow.
      watch.awaitTombstone("messenger:" + psid);
    }
    given()
        .auth()
        .oauth2(Tokens.service())
        .when()
        .get("/api/v1/people/" + personId)
        .then()
        .statusCode(404);
  }

  private static TopicProbe probe() {
    return TopicProbe.fromNow(
        SharedDevstack.endpoints().kafkaBootstrapServers(), Topics.IDENTITY_LINKS);
  }
}
