package io.switchboard.identity.rest;

import static io.switchboard.identity.Requests.as;
import static io.switchboard.identity.Requests.versionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.identity.People;
import io.switchboard.identity.RouteWatch;
import io.switchboard.identity.TestKeys;
import io.switchboard.identity.Tokens;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Erasing a person leaves nothing of them in any table, and routing forgets them. */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class EraseTest {
  private static final List<String> IDENTITY_TABLES =
      List.of(
          "person",
          "account",
          "account_alias",
          "link_request",
          "message_control",
          "person_block",
          "device",
          "device_key",
          "outbox");

  @Inject AgroalDataSource dataSource;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void erasingAPersonLeavesNothingOfThemInAnyTableAndRoutingForgetsThem() throws SQLException {
    String waId = People.numericId();
    String bsuid = "US." + People.numericId();
    String phone = "+1415" + (5_000_000 + (int) (Math.random() * 4_000_000));
    String ada = registerOnWhatsapp(waId, bsuid, phone);
    String gracesPsid = People.numericId();
    String grace = People.register("messenger", gracesPsid);
    String deviceName = "Ada's phone " + UUID.randomUUID();
    KeyPair sealing = TestKeys.x25519();
    KeyPair signing = TestKeys.ed25519();
    JsonPath device = registerDevice(ada, deviceName, sealing, signing);
    String deviceId = device.getString("deviceId");
    rememberEverythingAbout(ada, grace);

    List<String> needles = new ArrayList<>(List.of(ada, waId, bsuid, phone, deviceId, deviceName));
    needles.addAll(device.getList("keys.keyId", String.class));
    needles.add(hexOfRaw(sealing));
    needles.add(hexOfRaw(signing));
    needles.addAll(accountRowIds(ada));
    assertThat(tablesMentioning(needles).keySet())
        .as("the search finds the person before the erase")
        .contains("person", "account", "account_alias", "message_control", "person_block")
        .contains("device", "device_key");

    try (RouteWatch links = RouteWatch.fromNow()) {
      as(Tokens.person(ada)).when().delete("/api/v1/people/" + ada).then().statusCode(204);

      links.awaitTombstone(RouteWatch.key("whatsapp", waId));
      links.awaitTombstone(RouteWatch.key("switchboard", deviceId));
      assertThat(
              links
                  .awaitVersion(RouteWatch.key("messenger", gracesPsid), versionOf(grace))
                  .blockedPersonIds())
          .as("the person who blocked the erased one no longer lists them")
          .isEmpty();
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(tablesMentioning(needles)).isEmpty());
    assertThat(tables()).containsAll(IDENTITY_TABLES);
    as(Tokens.person(grace))
        .when()
        .get("/api/v1/people/" + grace + "/blocks")
        .then()
        .statusCode(200)
        .body("$", empty());
  }

  private static String registerOnWhatsapp(String waId, String bsuid, String phone) {
    return as(Tokens.service())
        .body(
            "{\"account\":{\"platform\":\"whatsapp\",\"accountId\":\""
                + waId
                + "\"},\"aliases\":[{\"kind\":\"bsuid\",\"value\":\""
                + bsuid
                + "\"},{\"kind\":\"phone\",\"value\":\""
                + phone
                + "\"}]}")
        .when()
        .post("/api/v1/people")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static JsonPath registerDevice(
      String personId, String name, KeyPair sealing, KeyPair signing) {
    return as(Tokens.person(personId))
        .body(
            "{\"name\":\""
                + name
                + "\",\"keys\":[{\"algorithm\":\"X25519\",\"publicKey\":\""
                + TestKeys.raw(sealing)
                + "\"},{\"algorithm\":\"Ed25519\",\"publicKey\":\""
                + TestKeys.spki(signing)
                + "\"}]}")
        .when()
        .post("/api/v1/people/" + personId + "/devices")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  /** Consent, a control, a delivery preference, and blocks in both directions. */
  private static void rememberEverythingAbout(String ada, String grace) {
    as(Tokens.person(ada))
        .body("{\"crossAppEnabled\":true}")
        .put("/api/v1/people/" + ada + "/consent")
        .then()
        .statusCode(200);
    as(Tokens.person(ada))
        .body("{\"known\":\"inbox\",\"unknown\":\"refused\"}")
        .put("/api/v1/people/" + ada + "/controls/instagram")
        .then()
        .statusCode(200);
    as(Tokens.person(ada))
        .body("{\"mode\":\"preferred\",\"preferredPlatform\":\"whatsapp\"}")
        .put("/api/v1/people/" + ada + "/delivery")
        .then()
        .statusCode(200);
    as(Tokens.person(ada)).put("/api/v1/people/" + ada + "/blocks/" + grace).then().statusCode(204);
    as(Tokens.person(grace))
        .put("/api/v1/people/" + grace + "/blocks/" + ada)
        .then()
        .statusCode(204);
  }

  /** The tables with rows whose text contains any needle, with how many rows. */
  private Map<String, Integer> tablesMentioning(List<String> needles) throws SQLException {
    Map<String, Integer> found = new TreeMap<>();
    try (Connection connection = dataSource.getConnection()) {
      Array patterns = connection.createArrayOf("text", needles.toArray());
      for (String table : tables()) {
        try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM \""
                    + table
                    + "\" AS r WHERE EXISTS"
                    + " (SELECT 1 FROM unnest(?::text[]) AS n WHERE strpos(r::text, n) > 0)")) {
          query.setArray(1, patterns);
          try (ResultSet rows = query.executeQuery()) {
            rows.next();
            if (rows.getInt(1) > 0) {
              found.put(table, rows.getInt(1));
            }
          }
        }
      }
    }
    return found;
  }

  /** Every table of the service's schema but Flyway's own history. */
  private List<String> tables() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema ="
                    + " current_schema() AND table_type = 'BASE TABLE'"
                    + " AND table_name <> 'flyway_schema_history' ORDER BY table_name");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  private List<String> accountRowIds(String personId) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement("SELECT id::text FROM account WHERE person_id = ?::uuid")) {
      query.setString(1, personId);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    }
    assertThat(ids).as("the WhatsApp account and the device's account").hasSize(2);
    return ids;
  }

  /** How PostgreSQL prints the stored raw public key in a row's text. */
  private static String hexOfRaw(KeyPair pair) {
    return HexFormat.of().formatHex(Base64.getDecoder().decode(TestKeys.raw(pair)));
  }
}
