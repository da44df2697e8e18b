package io.switchboard.identity.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.AccountRef;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.identity.LinkFlow;
import io.switchboard.identity.People;
import io.switchboard.identity.RouteWatch;
import io.switchboard.identity.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class UnlinkResourceTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void unlinksAnAccountAtOnceAndTakesItOutOfRouting() {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);
    String igsid = LinkFlow.linkNew(personId, "messenger", psid, "instagram");

    try (RouteWatch links = RouteWatch.fromNow()) {
      unlink(Tokens.person(personId), personId, "instagram", igsid).statusCode(204);

      links.awaitTombstone("instagram:" + igsid);
      AccountRoute remaining =
          links.awaitRoute("messenger:" + psid, route -> route.routes().size() == 1);
      assertThat(remaining.routes()).extracting(AccountRef::accountId).containsExactly(psid);
    }
    assertThat(LinkResourceTest.accountsOf(personId)).containsExactly(psid);
    given()
        .auth()
        .oauth2(Tokens.service())
        .queryParam("platform", "instagram")
        .queryParam("accountId", igsid)
        .when()
        .get("/api/v1/resolve")
        .then()
        .statusCode(404);
  }

  @Test
  void fallsBackToEveryAppWhenThePreferredAppIsUnlinked() {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);
    String igsid = LinkFlow.linkNew(personId, "messenger", psid, "instagram");
    given()
        .auth()
        .oauth2(Tokens.person(personId))
        .contentType("application/json")
        .body("{\"mode\":\"preferred\",\"preferredPlatform\":\"instagram\"}")
        .when()
        .put("/api/v1/people/" + personId + "/delivery")
        .then()
        .statusCode(200);

    unlink(Tokens.person(personId), personId, "instagram", igsid).statusCode(204);

    given()
        .auth()
        .oauth2(Tokens.person(personId))
        .when()
        .get("/api/v1/people/" + personId)
        .then()
        .statusCode(200)
        .body("delivery.mode", equalTo("all"))
        .body("delivery.preferredPlatform", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void letsAMeshServiceUnlinkAnAccount() {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);
    String waId = LinkFlow.linkNew(personId, "messenger", psid, "whatsapp");

    unlink(Tokens.service(), personId, "whatsapp", waId).statusCode(204);

    assertThat(LinkResourceTest.accountsOf(personId)).containsExactly(psid);
  }

  @Test
  void refusesToUnlinkThePersonsLastAccount() {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);

    unlink(Tokens.person(personId), personId, "messenger", psid)
        .statusCode(409)
        .body("error", equalTo("last_account"));
    assertThat(LinkResourceTest.accountsOf(personId)).containsExactly(psid);
  }

  @Test
  void answersNotFoundForAnAccountThatIsAnotherPersons() {
    String othersPsid = People.numericId();
    String other = People.register("messenger", othersPsid);
    String psid = People.numericId();
    String personId = People.register("messenger", psid);
    LinkFlow.linkNew(personId, "messenger", psid, "instagram");

    unlink(Tokens.person(personId), personId, "messenger", othersPsid)
        .statusCode(404)
        .body("error", equalTo("not_found"));
    assertThat(LinkResourceTest.accountsOf(other)).containsExactly(othersPsid);
  }

  @Test
  void refusesAnAccountIdThatIsNotValidNamingTheField() {
    String personId = People.registerOnMessenger();

    unlink(Tokens.person(personId), personId, "messenger", "not-a-psid")
        .statusCode(400)
        .body("details[0].field", equalTo("path.accountId"));
    unlink(Tokens.person(personId), personId, "telegram", "1")
        .statusCode(400)
        .body("details[0].field", equalTo("path.platform"));
  }

  @Test
  void refusesUnlinkingSomeoneElsesAccounts() {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);

    unlink(Tokens.stranger(), personId, "messenger", psid).statusCode(403);
  }

  private static ValidatableResponse unlink(
      String token, String personId, String platform, String accountId) {
    return given()
        .auth()
        .oauth2(token)
        .when()
        .delete("/api/v1/people/" + personId + "/accounts/" + platform + "/" + accountId)
        .then();
  }
}
