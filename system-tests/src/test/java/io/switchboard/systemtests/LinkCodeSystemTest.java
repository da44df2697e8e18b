package io.switchboard.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.LocalJwt;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.testing.DevstackExtension;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Linking a Messenger account with proof, across real processes: identity-service writes the
 * one-time code to {@code outbound.messenger}, messenger-adapter delivers it through the platform
 * simulator's Send API, and the test reads it there as the person would in Messenger and confirms
 * it.
 */
@ExtendWith(DevstackExtension.class)
class LinkCodeSystemTest {
  /** The page link codes are sent from. */
  private static final String PAGE = "100000000000001";

  private static final String ACCESS_TOKEN = UUID.randomUUID().toString();
  private static final LocalJwt JWT = LocalJwt.generate();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

  private static Endpoints devstack;
  private static ServiceProcess simulator;
  private static ServiceProcess adapter;
  private static ServiceProcess identity;

  @BeforeAll
  static void startMesh(Endpoints endpoints) {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    devstack = endpoints;
    simulator =
        MeshServices.start(
            "platform-simulator",
            endpoints,
            Map.of("SWITCHBOARD_SIMULATOR_ACCESS_TOKENS_MESSENGER", ACCESS_TOKEN));

    Map<String, String> adapterEnv = new HashMap<>(MeshServices.database(endpoints));
    adapterEnv.put("SWITCHBOARD_WEBHOOK_APP_SECRET", UUID.randomUUID().toString());
    adapterEnv.put("SWITCHBOARD_WEBHOOK_VERIFY_TOKEN", UUID.randomUUID().toString());
    adapterEnv.put("SWITCHBOARD_SEND_API_BASE_URL", simulator.baseUrl() + "/messenger");
    adapterEnv.put("SWITCHBOARD_SEND_API_ACCESS_TOKEN", ACCESS_TOKEN);
    adapterEnv.put("SWITCHBOARD_SEND_API_RETRY_INITIAL_BACKOFF", "100ms");
    adapter = MeshServices.start("messenger-adapter", endpoints, adapterEnv);

    Path publicKey =
        JWT.writePublicKey(
            Path.of(
                System.getProperty("switchboard.build.dir", "target"),
                "jwt",
                "link-code-public.pem"));
    Map<String, String> identityEnv = new HashMap<>(MeshServices.database(endpoints));
    identityEnv.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toAbsolutePath().toString());
    identityEnv.put("SWITCHBOARD_LINKING_CODE_PEPPER", UUID.randomUUID().toString());
    identityEnv.put("SWITCHBOARD_LINKING_BUSINESS_ACCOUNTS_MESSENGER", PAGE);
    identity = MeshServices.start("identity-service", endpoints, identityEnv);
  }

  @AfterAll
  static void stopMesh() {
    for (ServiceProcess service : new ServiceProcess[] {identity, adapter, simulator}) {
      if (service != null) {
        service.close();
      }
    }
  }

  @Test
  void aPersonLinksAMessengerAccountWithTheCodeThatArrivedInMessenger() {
    String igsid = numericId();
    String psid = numericId();
    String personId = register(Platform.INSTAGRAM, igsid);
    hasWrittenToThePage(psid);

    String linkId =
        startLink(personId, igsid, psid)
            .body("target.platform", equalTo("messenger"))
            .body("target.accountId", equalTo(psid))
            .body("attemptsLeft", equalTo(5))
            .extract()
            .path("linkId");

    Map<String, Object> call = awaitCodeMessage(psid);
    assertThat(at(call, "path")).isEqualTo("/messenger/v21.0/" + PAGE + "/messages");
    assertThat(at(call, "status")).isEqualTo(200);
    assertThat(at(call, "body.recipient.id")).isEqualTo(psid);
    String text = (String) at(call, "body.message.text");
    assertThat(text).contains("Switchboard code");

    try (TopicProbe links = probe(Topics.IDENTITY_LINKS)) {
      confirm(personId, linkId, codeIn(text))
          .statusCode(200)
          .body("id", equalTo(personId))
          .body("accounts.accountId", containsInAnyOrder(igsid, psid));

      given()
          .baseUri(identity.baseUrl())
          .auth()
          .oauth2(JWT.person(personId))
          .when()
          .get("/api/v1/people/" + personId + "/links")
          .then()
          .statusCode(200)
          .body("accounts.platform", containsInAnyOrder("instagram", "messenger"))
          .body("accounts.accountId", containsInAnyOrder(igsid, psid))
          .body("pending.size()", equalTo(0));

      String key = AccountRoute.keyOf(AccountRef.of(Platform.MESSENGER, psid));
      AccountRoute route = (AccountRoute) MeshEventRecords.fromRecord(recordFor(links, key)).data();
      assertThat(route.personId()).isEqualTo(personId);
      assertThat(route.routes())
          .containsExactlyInAnyOrder(
              AccountRef.of(Platform.INSTAGRAM, igsid), AccountRef.of(Platform.MESSENGER, psid));
    }
  }

  @Test
  void aWrongCodeIsRefusedAndLinksNothing() {
    String igsid = numericId();
    String psid = numericId();
    String personId = register(Platform.INSTAGRAM, igsid);
    hasWrittenToThePage(psid);
    String linkId = startLink(personId, igsid, psid).extract().path("linkId");
    String code = codeIn((String) at(awaitCodeMessage(psid), "body.message.text"));
    String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);

    try (TopicProbe links = probe(Topics.IDENTITY_LINKS)) {
      confirm(personId, linkId, wrong)
          .statusCode(422)
          .body("error", equalTo("invalid_code"))
          .body("details.attemptsLeft", equalTo(4));

      given()
          .baseUri(identity.baseUrl())
          .auth()
          .oauth2(JWT.person(personId))
          .when()
          .get("/api/v1/people/" + personId + "/links")
          .then()
          .statusCode(200)
          .body("accounts.accountId", containsInAnyOrder(igsid))
          .body("pending.linkId", containsInAnyOrder(linkId))
          .body("pending[0].attemptsLeft", equalTo(4));
      given()
          .baseUri(identity.baseUrl())
          .auth()
          .oauth2(JWT.service())
          .queryParam("platform", "messenger")
          .queryParam("accountId", psid)
          .when()
          .get("/api/v1/resolve")
          .then()
          .statusCode(404);
      assertThat(links.drain(Duration.ofSeconds(2)))
          .as("no route for the Messenger account")
          .extracting(ConsumerRecord::key)
          .doesNotContain(AccountRoute.keyOf(AccountRef.of(Platform.MESSENGER, psid)));
    }
  }

  /** Registers a person with one account, as a mesh service does; returns the person id. */
  private static String register(Platform platform, String accountId) {
    return given()
        .baseUri(identity.baseUrl())
        .auth()
        .oauth2(JWT.service())
        .contentType("application/json")
        .body(Map.of("account", Map.of("platform", platform.wireName(), "accountId", accountId)))
        .when()
        .post("/api/v1/people")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  /** The person wrote to the page just now, so the page may answer them (24-hour window). */
  private static void hasWrittenToThePage(String psid) {
    given()
        .baseUri(simulator.baseUrl())
        .contentType("application/json")
        .body(
            Map.of(
                "platform",
                "messenger",
                "businessId",
                PAGE,
                "userId",
                psid,
                "lastInboundAt",
                Instant.now().toString()))
        .when()
        .post("/simulator/users")
        .then()
        .statusCode(200);
  }

  private static ValidatableResponse startLink(String personId, String igsid, String psid) {
    return given()
        .baseUri(identity.baseUrl())
        .auth()
        .oauth2(JWT.person(personId))
        .contentType("application/json")
        .body(
            Map.of(
                "from", Map.of("platform", "instagram", "accountId", igsid),
                "target", Map.of("platform", "messenger", "accountId", psid)))
        .when()
        .post("/api/v1/people/" + personId + "/links")
        .then()
        .statusCode(202);
  }

  private static ValidatableResponse confirm(String personId, String linkId, String code) {
    return given()
        .baseUri(identity.baseUrl())
        .auth()
        .oauth2(JWT.person(personId))
        .contentType("application/json")
        .body(Map.of("code", code))
        .when()
        .post("/api/v1/people/" + personId + "/links/" + linkId + "/confirm")
        .then();
  }

  /** The one Send API call that carried the code to {@code psid}, once it was made. */
  private static Map<String, Object> awaitCodeMessage(String psid) {
    List<Map<String, Object>> calls = new ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              calls.clear();
              calls.addAll(
                  given()
                      .baseUri(simulator.baseUrl())
                      .queryParam("platform", "messenger")
                      .queryParam("recipient", psid)
                      .when()
                      .get("/simulator/calls")
                      .then()
                      .statusCode(200)
                      .extract()
                      .jsonPath()
                      .getList("$"));
              return !calls.isEmpty();
            });
    assertThat(calls).as("one call, no retries").hasSize(1);
    return calls.get(0);
  }

  private static String codeIn(String text) {
    Matcher matcher = CODE.matcher(text);
    assertThat(matcher.find()).as("a six-digit code in the message").isTrue();
    return matcher.group(1);
  }

  /** A value inside a recorded call, by a dotted path. */
  @SuppressWarnings("unchecked")
  private static Object at(Map<String, Object> call, String path) {
    Object value = call;
    for (String name : path.split("\\.")) {
      value = value instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(name) : null;
    }
    return value;
  }

  private static TopicProbe probe(String topic) {
    return TopicProbe.fromNow(devstack.kafkaBootstrapServers(), topic);
  }

  /** The record with {@code key}: the person's other accounts are republished meanwhile. */
  private static ConsumerRecord<String, byte[]> recordFor(TopicProbe probe, String key) {
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              seen.addAll(probe.drain(Duration.ofMillis(200)));
              return seen.stream().anyMatch(r -> key.equals(r.key()));
            });
    return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
  }

  /** A fresh PSID or IGSID: numeric, as Meta's are. */
  private static String numericId() {
    return String.valueOf(
        ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, Long.MAX_VALUE));
  }
}
