package io.switchboard.identity.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.identity.People;
import io.switchboard.identity.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class AliasResourceTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void keepsTheSamePersonWhenTheBsuidChangesAndKeepsTheOldOneAsHistory() {
    String waId = People.numericId();
    String oldBsuid = "US." + People.numericId();
    String personId = registerOnWhatsapp(waId, oldBsuid);
    String newBsuid = "US." + People.numericId();

    addAlias(Tokens.service(), waId, "bsuid", newBsuid)
        .statusCode(201)
        .body("account.accountId", equalTo(waId))
        .body("aliases", hasSize(2));

    resolve(newBsuid).statusCode(200).body("personId", equalTo(personId));
    resolve(oldBsuid).statusCode(404);
    history(waId)
        .statusCode(200)
        .body("aliases.kind", equalTo(List.of("bsuid", "bsuid")))
        .body("aliases[0].value", equalTo(oldBsuid))
        .body("aliases[0].validTo", notNullValue())
        .body("aliases[1].value", equalTo(newBsuid))
        .body("aliases[1].validTo", nullValue());
  }

  @Test
  void keepsTheSamePersonWhenTheWaIdChangesAndFreesTheOldOne() {
    String oldWaId = People.numericId();
    String personId = registerOnWhatsapp(oldWaId, null);
    String newWaId = People.numericId();

    try (TopicProbe links = LinkResourceTest.identityLinks()) {
      addAlias(Tokens.service(), oldWaId, "wa_id", newWaId)
          .statusCode(201)
          .body("account.accountId", equalTo(newWaId));

      // the registration's own record may still be on its way: wait for the change's two
      String oldKey = "whatsapp:" + oldWaId;
      String newKey = "whatsapp:" + newWaId;
      List<ConsumerRecord<String, byte[]>> records =
          links.awaitUntil(
              rs ->
                  rs.stream().anyMatch(r -> r.key().equals(oldKey) && r.value() == null)
                      && rs.stream().anyMatch(r -> r.key().equals(newKey)),
              Duration.ofSeconds(10));
      ConsumerRecord<String, byte[]> moved =
          records.stream().filter(r -> r.key().equals(newKey)).reduce((a, b) -> b).orElseThrow();
      AccountRoute route = (AccountRoute) MeshEventRecords.fromRecord(moved).data();
      assertThat(route.personId()).isEqualTo(personId);
      assertThat(route.account().accountId()).isEqualTo(newWaId);
    }
    resolve(newWaId).statusCode(200).body("personId", equalTo(personId));
    resolve(oldWaId).statusCode(404);
    history(newWaId)
        .body("aliases.value", equalTo(List.of(oldWaId, newWaId)))
        .body("aliases[0].validTo", notNullValue());
    People.register("whatsapp", oldWaId);
  }

  @Test
  void masksPhoneNumbersInTheHistoryButForTheirLastTwoDigits() {
    String waId = People.numericId();
    registerOnWhatsapp(waId, null);

    addAlias(Tokens.service(), waId, "phone", "+4915112345678").statusCode(201);
    addAlias(Tokens.service(), waId, "phone", "+4915187654321").statusCode(201);

    List<Map<String, Object>> aliases =
        history(waId).statusCode(200).extract().jsonPath().getList("aliases");
    assertThat(aliases)
        .extracting(a -> a.get("value"))
        .containsExactly("+***********78", "+***********21");
    assertThat(aliases.get(0).get("validTo")).isNotNull();
  }

  @Test
  void answersOkAndChangesNothingForTheCurrentAlias() {
    String waId = People.numericId();
    String bsuid = "US." + People.numericId();
    registerOnWhatsapp(waId, bsuid);

    addAlias(Tokens.service(), waId, "bsuid", bsuid).statusCode(200).body("aliases", hasSize(1));
  }

  @Test
  void refusesAnAliasThatAnotherAccountHasAndChangesNothing() {
    String othersBsuid = "US." + People.numericId();
    String othersWaId = People.numericId();
    registerOnWhatsapp(othersWaId, othersBsuid);
    String waId = People.numericId();
    String bsuid = "US." + People.numericId();
    registerOnWhatsapp(waId, bsuid);

    addAlias(Tokens.service(), waId, "bsuid", othersBsuid)
        .statusCode(409)
        .body("error", equalTo("alias_taken"));
    addAlias(Tokens.service(), waId, "wa_id", othersWaId).statusCode(409);

    history(waId).body("aliases", hasSize(1)).body("aliases[0].validTo", nullValue());
    resolve(othersBsuid).body("account.accountId", equalTo(othersWaId));
  }

  @Test
  void refusesAPhoneNumberThatIsNotE164NamingTheField() {
    String waId = People.numericId();
    registerOnWhatsapp(waId, null);

    addAlias(Tokens.service(), waId, "phone", "0049 151 1234")
        .statusCode(400)
        .body("details[0].field", equalTo("value"));
    addAlias(Tokens.service(), waId, "email", "a@b.c")
        .statusCode(400)
        .body("details[0].field", equalTo("kind"));
  }

  @Test
  void refusesAliasesForAccountsOutsideWhatsapp() {
    String psid = People.numericId();
    People.register("messenger", psid);

    given()
        .auth()
        .oauth2(Tokens.service())
        .contentType("application/json")
        .body(Map.of("kind", "bsuid", "value", "US.1"))
        .when()
        .post("/api/v1/accounts/messenger/" + psid + "/aliases")
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("path.platform"));
  }

  @Test
  void answersNotFoundForAnAccountNobodyHas() {
    addAlias(Tokens.service(), People.numericId(), "bsuid", "US." + People.numericId())
        .statusCode(404);
    history(People.numericId()).statusCode(404);
  }

  @Test
  void letsOnlyMeshServicesManageAliases() {
    String waId = People.numericId();
    String personId = registerOnWhatsapp(waId, null);

    addAlias(Tokens.person(personId), waId, "bsuid", "US." + People.numericId()).statusCode(403);
    given()
        .auth()
        .oauth2(Tokens.person(personId))
        .when()
        .get("/api/v1/accounts/whatsapp/" + waId + "/aliases")
        .then()
        .statusCode(403);
  }

  private static String registerOnWhatsapp(String waId, String bsuid) {
    String aliases = bsuid == null ? "[]" : "[{\"kind\":\"bsuid\",\"value\":\"" + bsuid + "\"}]";
    return given()
        .auth()
        .oauth2(Tokens.service())
        .contentType("application/json")
        .body(
            "{\"account\":{\"platform\":\"whatsapp\",\"accountId\":\""
                + waId
                + "\"},\"aliases\":"
                + aliases
                + "}")
        .when()
        .post("/api/v1/people")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static ValidatableResponse addAlias(
      String token, String waId, String kind, String value) {
    return given()
        .auth()
        .oauth2(token)
        .contentType("application/json")
        .body(Map.of("kind", kind, "value", value))
        .when()
        .post("/api/v1/accounts/whatsapp/" + waId + "/aliases")
        .then();
  }

  private static ValidatableResponse history(String waId) {
    return given()
        .auth()
        .oauth2(Tokens.service())
        .when()
        .get("/api/v1/accounts/whatsapp/" + waId + "/aliases")
        .then();
  }

  private static ValidatableResponse resolve(String accountId) {
    return given()
        .auth()
        .oauth2(Tokens.service())
        .queryParam("platform", "whatsapp")
        .queryParam("accountId", accountId)
        .when()
        .get("/api/v1/resolve")
        .then();
  }
}
