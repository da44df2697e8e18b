package io.switchboard.identity.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.AccountRef;
import io.switchboard.events.ConversationIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import io.switchboard.identity.LinkFlow;
import io.switchboard.identity.People;
import io.switchboard.identity.Tokens;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class LinkResourceTest {
  private static final String MESSENGER_PAGE = "100000000000001";

  @Inject DataSource database;

  @TestHTTPResource("/")
  URI base;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void sendsACodeThroughTheMeshAndLinksTheAccountOnceItIsConfirmed() {
    String psid = People.numericId();
    String personId = People.register("instagram", People.numericId());
    String igsid = listedAccount(personId);
    String linkId;
    String code;
    try (LinkFlow.Outbound outbound = LinkFlow.outbound("messenger")) {
      linkId =
          LinkFlow.start(personId, LinkFlow.body("instagram", igsid, "messenger", psid))
              .statusCode(202)
              .body("target.platform", equalTo("messenger"))
              .body("target.accountId", equalTo(psid))
              .body("attemptsLeft", equalTo(5))
              .body("expiresAt", notNullValue())
              .extract()
              .path("linkId");

      MessageCreated message = outbound.messageOf(linkId);
      assertThat(message.conversationId())
          .isEqualTo(ConversationIds.direct(Platform.MESSENGER, MESSENGER_PAGE, psid));
      assertThat(message.sender()).isEqualTo(AccountRef.of(Platform.MESSENGER, MESSENGER_PAGE));
      assertThat(message.recipient()).isEqualTo(AccountRef.of(Platform.MESSENGER, psid));
      assertThat(((PlainContent) message.content()).text()).contains("Switchboard code");
      code = outbound.codeOf(linkId);
    }

    try (TopicProbe links = identityLinks()) {
      LinkFlow.confirm(personId, linkId, code)
          .statusCode(200)
          .body("id", equalTo(personId))
          .body("accounts.accountId", containsInAnyOrder(igsid, psid));

      // the registrations' records may still be on their way: read until both accounts carry
      // the link (records of one account arrive in order, so the last one per key counts)
      Map<String, AccountRoute> routes = new HashMap<>();
      links.awaitUntil(
          records -> {
            routes.clear();
            for (ConsumerRecord<String, byte[]> record : records) {
              if (record.value() == null) {
                routes.remove(record.key()); // a tombstone: the account has no route any more
                continue;
              }
              MeshEvent<EventData> event = MeshEventRecords.fromRecord(record);
              routes.put(record.key(), (AccountRoute) event.data());
            }
            return routes.values().stream().filter(r -> r.routes().size() == 2).count() == 2;
          },
          Duration.ofSeconds(10));
      assertThat(routes).containsOnlyKeys("instagram:" + igsid, "messenger:" + psid);
      assertThat(routes.values())
          .allSatisfy(
              route ->
                  assertThat(route.routes())
                      .extracting(AccountRef::accountId)
                      .containsExactlyInAnyOrder(igsid, psid));
    }
  }

  @Test
  void answersAStartTheSameWhetherTheAccountBelongsToSomeoneElseOrNot() {
    String takenPsid = People.numericId();
    People.register("messenger", takenPsid);
    String ada = People.register("instagram", People.numericId());
    String grace = People.register("instagram", People.numericId());

    try (LinkFlow.Outbound outbound = LinkFlow.outbound("messenger")) {
      ExtractableResponse<Response> taken =
          LinkFlow.start(
                  ada, LinkFlow.body("instagram", listedAccount(ada), "messenger", takenPsid))
              .extract();
      ExtractableResponse<Response> free =
          LinkFlow.start(
                  grace,
                  LinkFlow.body("instagram", listedAccount(grace), "messenger", People.numericId()))
              .extract();

      assertThat(taken.statusCode()).isEqualTo(free.statusCode()).isEqualTo(202);
      Map<String, Object> takenBody = taken.jsonPath().getMap("");
      Map<String, Object> freeBody = free.jsonPath().getMap("");
      assertThat(takenBody.keySet()).isEqualTo(freeBody.keySet());
      assertThat(takenBody.get("attemptsLeft")).isEqualTo(freeBody.get("attemptsLeft"));
      assertThat(outbound.messageOf(taken.path("linkId")).recipient().accountId())
          .as("the code goes out for an account someone else holds, too")
          .isEqualTo(takenPsid);
      assertThat(outbound.messageOf(free.path("linkId"))).isNotNull();
    }
  }

  @Test
  void refusesAWrongCodeAndCountsTheAttempt() {
    Started link = startToMessenger();

    LinkFlow.confirm(link.personId, link.linkId, LinkFlow.wrong(link.code))
        .statusCode(422)
        .body("error", equalTo("invalid_code"))
        .body("details.attemptsLeft", equalTo(4));
    LinkFlow.confirm(link.personId, link.linkId, LinkFlow.wrong(link.code))
        .statusCode(422)
        .body("details.attemptsLeft", equalTo(3));

    given()
        .auth()
        .oauth2(Tokens.person(link.personId))
        .when()
        .get("/api/v1/people/" + link.personId + "/links")
        .then()
        .statusCode(200)
        .body("pending[0].attemptsLeft", equalTo(3))
        .body("accounts", hasSize(1));
  }

  @Test
  void refusesEveryCodeOnceFiveWrongOnesWereTried() {
    Started link = startToMessenger();
    for (int left = 4; left >= 1; left--) {
      LinkFlow.confirm(link.personId, link.linkId, LinkFlow.wrong(link.code))
          .statusCode(422)
          .body("details.attemptsLeft", equalTo(left));
    }

    LinkFlow.confirm(link.personId, link.linkId, LinkFlow.wrong(link.code))
        .statusCode(429)
        .header("Retry-After", notNullValue())
        .body("error", equalTo("too_many_attempts"));
    String retryAfter =
        LinkFlow.confirm(link.personId, link.linkId, link.code)
            .statusCode(429)
            .body("details.attemptsLeft", equalTo(0))
            .extract()
            .header("Retry-After");

    assertThat(Long.parseLong(retryAfter)).isBetween(1L, 600L);
    assertThat(accountsOf(link.personId)).containsExactly(link.fromId);
    LinkFlow.start(
            link.personId, LinkFlow.body("instagram", link.fromId, "messenger", link.targetId))
        .statusCode(429)
        .header("Retry-After", notNullValue());
  }

  @Test
  void refusesAnExpiredCode() throws SQLException {
    Started link = startToMessenger();
    update("UPDATE link_request SET expires_at = now() - interval '1 second' WHERE id = ?", link);

    LinkFlow.confirm(link.personId, link.linkId, link.code)
        .statusCode(422)
        .body("error", equalTo("code_expired"))
        .body("details.attemptsLeft", equalTo(0));
    assertThat(accountsOf(link.personId)).containsExactly(link.fromId);
  }

  @Test
  void refusesTheCodeOfALinkThatANewerStartReplaced() {
    Started first = startToMessenger();
    try (LinkFlow.Outbound outbound = LinkFlow.outbound("messenger")) {
      LinkFlow.started(first.personId, "instagram", first.fromId, "messenger", first.targetId);
      assertThat(outbound.messagesTo(first.targetId, Duration.ofSeconds(1))).hasSize(1);
    }

    LinkFlow.confirm(first.personId, first.linkId, first.code)
        .statusCode(422)
        .body("error", equalTo("code_expired"));
  }

  @Test
  void refusesTheSixthLinkOnePersonStartsWithinAnHour() throws SQLException {
    String igsid = People.numericId();
    String personId = People.register("instagram", igsid);
    for (int i = 0; i < 5; i++) {
      LinkFlow.started(personId, "instagram", igsid, "messenger", People.numericId());
    }
    String sixth = People.numericId();

    try (LinkFlow.Outbound outbound = LinkFlow.outbound("messenger")) {
      String retryAfter =
          LinkFlow.start(personId, LinkFlow.body("instagram", igsid, "messenger", sixth))
              .statusCode(429)
              .body("error", equalTo("rate_limited"))
              .extract()
              .header("Retry-After");

      assertThat(Long.parseLong(retryAfter)).isBetween(1L, 3600L);
      assertThat(count("SELECT count(*) FROM link_request WHERE person_id = ?::uuid", personId))
          .isEqualTo(5);
      assertThat(outbound.messagesTo(sixth, Duration.ofSeconds(1))).isEmpty();
    }
  }

  @Test
  void refusesAFourthLinkTowardsOneAccountWithinAnHour() {
    String target = People.numericId();
    for (int i = 0; i < 3; i++) {
      String igsid = People.numericId();
      LinkFlow.started(
          People.register("instagram", igsid), "instagram", igsid, "messenger", target);
    }
    String igsid = People.numericId();
    String fourth = People.register("instagram", igsid);

    LinkFlow.start(fourth, LinkFlow.body("instagram", igsid, "messenger", target))
        .statusCode(429)
        .header("Retry-After", notNullValue())
        .body("error", equalTo("rate_limited"));
  }

  @Test
  void refusesAnAccountThatBelongsToAnotherPersonOnlyOnceTheCodeIsProven() {
    String takenPsid = People.numericId();
    String holder = People.register("messenger", takenPsid);
    String igsid = People.numericId();
    String personId = People.register("instagram", igsid);
    try (LinkFlow.Outbound outbound = LinkFlow.outbound("messenger")) {
      String linkId = LinkFlow.started(personId, "instagram", igsid, "messenger", takenPsid);

      LinkFlow.confirm(personId, linkId, outbound.codeOf(linkId))
          .statusCode(409)
          .body("error", equalTo("account_taken"));
    }
    assertThat(accountsOf(holder)).containsExactly(takenPsid);
    assertThat(accountsOf(personId)).containsExactly(igsid);
  }

  @Test
  void refusesLinkingAnAccountThePersonAlreadyHas() {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);

    LinkFlow.start(personId, LinkFlow.body("messenger", psid, "messenger", psid))
        .statusCode(409)
        .body("error", equalTo("already_linked"));
  }

  @Test
  void answersNotFoundWhenStartingFromAnAccountThatIsNotThePersons() {
    String personId = People.registerOnMessenger();

    LinkFlow.start(personId, LinkFlow.body("messenger", People.numericId(), "instagram", "123"))
        .statusCode(404)
        .body("error", equalTo("not_found"));
  }

  @Test
  void answersNotFoundForAPersonWhoDoesNotExist() {
    String nobody = UUID.randomUUID().toString();

    LinkFlow.start(nobody, LinkFlow.body("messenger", "1", "instagram", "2")).statusCode(404);
  }

  @Test
  void refusesATargetPsidThatIsNotNumericNamingTheField() {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);

    LinkFlow.start(personId, LinkFlow.body("messenger", psid, "messenger", "not-a-psid"))
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body("details[0].field", equalTo("target.accountId"));
  }

  @Test
  void refusesAWhatsappTargetGivenAsAPhoneNumber() {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);

    LinkFlow.start(personId, LinkFlow.body("messenger", psid, "whatsapp", "+4915112345678"))
        .statusCode(400)
        .body("details[0].field", equalTo("target.accountId"));
  }

  @Test
  void refusesLinkingADeviceByCode() {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);

    LinkFlow.start(personId, LinkFlow.body("messenger", psid, "switchboard", "phone-1"))
        .statusCode(400)
        .body("details[0].field", equalTo("target.platform"));
  }

  @Test
  void refusesAStartWithoutATarget() {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);

    LinkFlow.start(personId, Map.of("from", Map.of("platform", "messenger", "accountId", psid)))
        .statusCode(400)
        .body("details[0].field", equalTo("target"));
  }

  @Test
  void letsOnlyThePersonThemselvesStartALink() {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);

    for (String token : List.of(Tokens.stranger(), Tokens.service())) {
      given()
          .auth()
          .oauth2(token)
          .contentType("application/json")
          .body(LinkFlow.body("messenger", psid, "instagram", People.numericId()))
          .when()
          .post("/api/v1/people/" + personId + "/links")
          .then()
          .statusCode(403)
          .body("error", equalTo("forbidden"));
    }
  }

  @Test
  void answersNotFoundForAnUnknownLinkAndForAnotherPersonsLink() {
    Started link = startToMessenger();
    String other = People.registerOnMessenger();

    LinkFlow.confirm(link.personId, UUID.randomUUID().toString(), link.code)
        .statusCode(404)
        .body("error", equalTo("not_found"));
    LinkFlow.confirm(other, link.linkId, link.code).statusCode(404);
    LinkFlow.confirm(link.personId, link.linkId, LinkFlow.wrong(link.code))
        .body("details.attemptsLeft", equalTo(4));
  }

  @Test
  void refusesAConfirmationByAnotherPersonsToken() {
    Started link = startToMessenger();

    given()
        .auth()
        .oauth2(Tokens.stranger())
        .contentType("application/json")
        .body(Map.of("code", link.code))
        .when()
        .post("/api/v1/people/" + link.personId + "/links/" + link.linkId + "/confirm")
        .then()
        .statusCode(403);
  }

  @Test
  void refusesACodeThatIsNotSixDigitsNamingTheField() {
    Started link = startToMessenger();

    LinkFlow.confirm(link.personId, link.linkId, "12ab")
        .statusCode(400)
        .body("details[0].field", equalTo("code"));
    LinkFlow.confirm(link.personId, link.linkId, LinkFlow.wrong(link.code))
        .body("details.attemptsLeft", equalTo(4));
  }

  @Test
  void refusesConfirmingALinkTwice() {
    Started link = startToMessenger();
    LinkFlow.confirm(link.personId, link.linkId, link.code).statusCode(200);

    LinkFlow.confirm(link.personId, link.linkId, link.code)
        .statusCode(409)
        .body("error", equalTo("link_already_confirmed"));
  }

  @Test
  void listsLinkedAccountsAndLinksWaitingForACode() {
    Started link = startToMessenger();

    given()
        .auth()
        .oauth2(Tokens.service())
        .when()
        .get("/api/v1/people/" + link.personId + "/links")
        .then()
        .statusCode(200)
        .body("accounts.accountId", containsInAnyOrder(link.fromId))
        .body("pending", hasSize(1))
        .body("pending[0].linkId", equalTo(link.linkId))
        .body("pending[0].target.accountId", equalTo(link.targetId))
        .body("pending[0].attemptsLeft", equalTo(5));
    given()
        .auth()
        .oauth2(Tokens.stranger())
        .when()
        .get("/api/v1/people/" + link.personId + "/links")
        .then()
        .statusCode(403);
  }

  @Test
  void linksExactlyOnceWhenTwoConfirmationsRaceForOneCode() throws Exception {
    Started link = startToMessenger();

    List<HttpResponse<String>> answers = race(confirmation(link), confirmation(link));

    assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 409);
    assertThat(answers)
        .filteredOn(a -> a.statusCode() == 409)
        .singleElement()
        .satisfies(a -> assertThat(a.body()).contains("link_already_confirmed"));
    assertThat(accountsOf(link.personId)).containsExactlyInAnyOrder(link.fromId, link.targetId);
    assertThat(
            count(
                "SELECT count(*) FROM account WHERE platform = 'messenger' AND account_id = ?",
                link.targetId))
        .isEqualTo(1);
  }

  @Test
  void givesAnAccountToExactlyOneOfTwoPeopleConfirmingAtOnce() throws Exception {
    String psid = People.numericId();
    String ada = People.register("instagram", People.numericId());
    String grace = People.register("instagram", People.numericId());
    Started first;
    Started second;
    try (LinkFlow.Outbound outbound = LinkFlow.outbound("messenger")) {
      String adaLink = LinkFlow.started(ada, "instagram", listedAccount(ada), "messenger", psid);
      String graceLink =
          LinkFlow.started(grace, "instagram", listedAccount(grace), "messenger", psid);
      first = new Started(ada, null, psid, adaLink, outbound.codeOf(adaLink));
      second = new Started(grace, null, psid, graceLink, outbound.codeOf(graceLink));
    }

    List<HttpResponse<String>> answers = race(confirmation(first), confirmation(second));

    assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 409);
    assertThat(answers)
        .filteredOn(a -> a.statusCode() == 409)
        .singleElement()
        .satisfies(a -> assertThat(a.body()).contains("account_taken"));
    assertThat(
            count(
                "SELECT count(*) FROM account WHERE platform = 'messenger' AND account_id = ?",
                psid))
        .isEqualTo(1);
  }

  private HttpRequest confirmation(Started link) {
    return HttpRequest.newBuilder(
            base.resolve("/api/v1/people/" + link.personId + "/links/" + link.linkId + "/confirm"))
        .header("Authorization", "Bearer " + Tokens.person(link.personId))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + link.code + "\"}"))
        .build();
  }

  /** Sends both requests at once, each on its own connection. */
  private static List<HttpResponse<String>> race(HttpRequest one, HttpRequest other)
      throws Exception {
    HttpClient a = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpClient b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CompletableFuture<HttpResponse<String>> first =
        a.sendAsync(one, HttpResponse.BodyHandlers.ofString());
    CompletableFuture<HttpResponse<String>> second =
        b.sendAsync(other, HttpResponse.BodyHandlers.ofString());
    return List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
  }

  /** A person on Instagram who started a link to a fresh Messenger account. */
  private static Started startToMessenger() {
    String igsid = People.numericId();
    String personId = People.register("instagram", igsid);
    String psid = People.numericId();
    try (LinkFlow.Outbound outbound = LinkFlow.outbound("messenger")) {
      String linkId = LinkFlow.started(personId, "instagram", igsid, "messenger", psid);
      return new Started(personId, igsid, psid, linkId, outbound.codeOf(linkId));
    }
  }

  record Started(String personId, String fromId, String targetId, String linkId, String code) {}

  static List<String> accountsOf(String personId) {
    return given()
        .auth()
        .oauth2(Tokens.service())
        .when()
        .get("/api/v1/people/" + personId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("accounts.accountId", String.class);
  }

  private static String listedAccount(String personId) {
    return accountsOf(personId).get(0);
  }

  private void update(String sql, Started link) throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, UUID.fromString(link.linkId));
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }

  private long count(String sql, String id) throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  static TopicProbe identityLinks() {
    return TopicProbe.fromNow(
        SharedDevstack.endpoints().kafkaBootstrapServers(), Topics.IDENTITY_LINKS);
  }
}
