package io.switchboard.identity.rest;

import static io.switchboard.identity.Requests.anonymous;
import static io.switchboard.identity.Requests.as;
import static io.switchboard.identity.Requests.versionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.identity.Devices;
import io.switchboard.identity.People;
import io.switchboard.identity.RouteWatch;
import io.switchboard.identity.TestKeys;
import io.switchboard.identity.Tokens;
import java.security.KeyPair;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class DeviceResourceTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void registersADeviceAsAnAccountWithItsKeysAndPublishesIt() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    try (RouteWatch links = RouteWatch.fromNow()) {
      JsonPath device =
          as(Tokens.person(ada))
              .body(TestKeys.deviceBody("Ada's phone", "X25519", TestKeys.raw(TestKeys.x25519())))
              .when()
              .post("/api/v1/people/" + ada + "/devices")
              .then()
              .statusCode(201)
              .body("name", equalTo("Ada's phone"))
              .body("account.platform", equalTo("switchboard"))
              .body("keys", hasSize(1))
              .body("keys[0].keyId", startsWith("dk_"))
              .body("keys[0].algorithm", equalTo("X25519"))
              .extract()
              .jsonPath();
      String deviceId = device.getString("deviceId");
      String keyId = device.getString("keys[0].keyId");
      assertThat(device.getString("account.accountId")).isEqualTo(deviceId);

      AccountRoute onDevice =
          links.awaitVersion(RouteWatch.key("switchboard", deviceId), versionOf(ada));
      assertThat(onDevice.personId()).isEqualTo(ada);
      assertThat(onDevice.deviceKeyIds()).containsExactly(keyId);
      AccountRoute onMessenger =
          links.awaitVersion(RouteWatch.key("messenger", psid), versionOf(ada));
      assertThat(onMessenger.routes())
          .contains(
              AccountRef.of(Platform.SWITCHBOARD, deviceId),
              AccountRef.of(Platform.MESSENGER, psid));
    }
  }

  @Test
  void handsOutCurrentKeysRawToAnyAuthenticatedCaller() {
    String ada = People.registerOnMessenger();
    KeyPair sealing = TestKeys.x25519();
    KeyPair signing = TestKeys.ed25519();
    String deviceId =
        as(Tokens.person(ada))
            .body(
                "{\"name\":\"Laptop\",\"keys\":[{\"algorithm\":\"X25519\",\"publicKey\":\""
                    + TestKeys.spki(sealing)
                    + "\"},{\"algorithm\":\"Ed25519\",\"publicKey\":\""
                    + TestKeys.raw(signing)
                    + "\"}]}")
            .when()
            .post("/api/v1/people/" + ada + "/devices")
            .then()
            .statusCode(201)
            .extract()
            .path("deviceId");

    for (String token : new String[] {Tokens.stranger(), Tokens.service()}) {
      as(token)
          .when()
          .get("/api/v1/people/" + ada + "/device-keys")
          .then()
          .statusCode(200)
          .body("deviceId", contains(deviceId, deviceId))
          .body("find { it.algorithm == 'X25519' }.publicKey", equalTo(TestKeys.raw(sealing)))
          .body("find { it.algorithm == 'Ed25519' }.publicKey", equalTo(TestKeys.raw(signing)));
    }
  }

  @Test
  void refusesAPrivateKeyAndStoresNothing() {
    String ada = People.registerOnMessenger();
    KeyPair pair = TestKeys.x25519();
    String pem =
        "-----BEGIN PRIVATE KEY-----\\n" + TestKeys.pkcs8(pair) + "\\n-----END PRIVATE KEY-----";

    for (String privateKey : new String[] {TestKeys.pkcs8(pair), pem}) {
      as(Tokens.person(ada))
          .body(TestKeys.deviceBody("Phone", "X25519", privateKey))
          .when()
          .post("/api/v1/people/" + ada + "/devices")
          .then()
          .statusCode(400)
          .body("details[0].field", equalTo("keys[0].publicKey"))
          .body("message", containsString("private keys are never accepted"))
          .body("message", not(containsString(TestKeys.pkcs8(pair))));
    }
    assertNoDevices(ada);
  }

  @Test
  void refusesMalformedKeysNamingTheField() {
    String ada = People.registerOnMessenger();
    String[][] cases = {
      {"X25519", "not base64!", "keys[0].publicKey"},
      {"X25519", "AAEC", "keys[0].publicKey"},
      {"X25519", TestKeys.spki(TestKeys.ed25519()), "keys[0].publicKey"},
      {"RSA", TestKeys.raw(TestKeys.x25519()), "keys[0].algorithm"},
    };
    for (String[] c : cases) {
      as(Tokens.person(ada))
          .body(TestKeys.deviceBody("Phone", c[0], c[1]))
          .when()
          .post("/api/v1/people/" + ada + "/devices")
          .then()
          .statusCode(400)
          .body("error", equalTo("invalid_request"))
          .body("details[0].field", equalTo(c[2]));
    }
    assertNoDevices(ada);
  }

  @Test
  void refusesADeviceWithoutANameOrKeysNamingTheField() {
    String ada = People.registerOnMessenger();

    as(Tokens.person(ada))
        .body("{\"name\":\"Phone\",\"keys\":[]}")
        .when()
        .post("/api/v1/people/" + ada + "/devices")
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("keys"));
    as(Tokens.person(ada))
        .body(TestKeys.deviceBody(" ", "X25519", TestKeys.raw(TestKeys.x25519())))
        .when()
        .post("/api/v1/people/" + ada + "/devices")
        .then()
        .statusCode(400)
        .body("details[0].field", equalTo("name"));
    assertNoDevices(ada);
  }

  @Test
  void addsAKeyAndRevokesAnotherAndPublishesBoth() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    JsonPath device = Devices.register(ada);
    String deviceId = device.getString("deviceId");
    String oldKey = device.getString("keys[0].keyId");
    String newKey;
    try (RouteWatch links = RouteWatch.fromNow()) {
      newKey =
          as(Tokens.person(ada))
              .body(
                  "{\"algorithm\":\"X25519\",\"publicKey\":\""
                      + TestKeys.raw(TestKeys.x25519())
                      + "\"}")
              .when()
              .post("/api/v1/people/" + ada + "/devices/" + deviceId + "/keys")
              .then()
              .statusCode(201)
              .body("algorithm", equalTo("X25519"))
              .extract()
              .path("keyId");

      AccountRoute route = links.awaitVersion(RouteWatch.key("messenger", psid), versionOf(ada));
      assertThat(route.deviceKeyIds()).containsExactlyInAnyOrder(oldKey, newKey);
    }
    try (RouteWatch links = RouteWatch.fromNow()) {
      as(Tokens.person(ada))
          .when()
          .delete("/api/v1/people/" + ada + "/devices/" + deviceId + "/keys/" + oldKey)
          .then()
          .statusCode(204);

      assertThat(
              links.awaitVersion(RouteWatch.key("messenger", psid), versionOf(ada)).deviceKeyIds())
          .containsExactly(newKey);
    }
    as(Tokens.service())
        .when()
        .get("/api/v1/people/" + ada + "/device-keys")
        .then()
        .body("keyId", contains(newKey));
  }

  @Test
  void refusesAFifthCurrentKeyOnADevice() {
    String ada = People.registerOnMessenger();
    String deviceId = Devices.register(ada).getString("deviceId");
    for (int i = 0; i < 3; i++) {
      addKey(ada, deviceId).then().statusCode(201);
    }

    addKey(ada, deviceId).then().statusCode(422).body("error", equalTo("too_many_keys"));
    as(Tokens.service())
        .when()
        .get("/api/v1/people/" + ada + "/device-keys")
        .then()
        .body("$", hasSize(4));
  }

  @Test
  void refusesASeventeenthDevice() {
    String ada = People.registerOnMessenger();
    for (int i = 0; i < 16; i++) {
      Devices.register(ada);
    }

    as(Tokens.person(ada))
        .body(TestKeys.deviceBody("One too many", "X25519", TestKeys.raw(TestKeys.x25519())))
        .when()
        .post("/api/v1/people/" + ada + "/devices")
        .then()
        .statusCode(422)
        .body("error", equalTo("too_many_devices"));
    as(Tokens.person(ada))
        .when()
        .get("/api/v1/people/" + ada + "/devices")
        .then()
        .body("$", hasSize(16));
  }

  @Test
  void removesADeviceWithATombstoneForItsAccount() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    String deviceId = Devices.register(ada).getString("deviceId");
    try (RouteWatch links = RouteWatch.fromNow()) {
      as(Tokens.person(ada))
          .when()
          .delete("/api/v1/people/" + ada + "/devices/" + deviceId)
          .then()
          .statusCode(204);

      links.awaitTombstone(RouteWatch.key("switchboard", deviceId));
      AccountRoute onMessenger =
          links.awaitVersion(RouteWatch.key("messenger", psid), versionOf(ada));
      assertThat(onMessenger.routes()).containsExactly(AccountRef.of(Platform.MESSENGER, psid));
      assertThat(onMessenger.deviceKeyIds()).isEmpty();
    }
    assertNoDevices(ada);
  }

  @Test
  void removingTheDeviceOfThePreferredAppFallsBackToEveryApp() {
    String ada = People.registerOnMessenger();
    String deviceId = Devices.register(ada).getString("deviceId");
    as(Tokens.person(ada))
        .body("{\"mode\":\"preferred\",\"preferredPlatform\":\"switchboard\"}")
        .when()
        .put("/api/v1/people/" + ada + "/delivery")
        .then()
        .statusCode(200);

    as(Tokens.person(ada))
        .when()
        .delete("/api/v1/people/" + ada + "/devices/" + deviceId)
        .then()
        .statusCode(204);
    as(Tokens.person(ada))
        .when()
        .get("/api/v1/people/" + ada)
        .then()
        .body("delivery.mode", equalTo("all"))
        .body("delivery.preferredPlatform", nullValue());
  }

  @Test
  void answersNotFoundForADeviceOrKeyThatIsNotThePersons() {
    String ada = People.registerOnMessenger();
    String grace = People.registerOnMessenger();
    String gracesDevice = Devices.register(grace).getString("deviceId");
    String adasDevice = Devices.register(ada).getString("deviceId");

    as(Tokens.person(ada))
        .when()
        .delete("/api/v1/people/" + ada + "/devices/" + gracesDevice)
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
    addKey(ada, gracesDevice).then().statusCode(404);
    as(Tokens.person(ada))
        .when()
        .delete("/api/v1/people/" + ada + "/devices/" + adasDevice + "/keys/dk_nosuchkey")
        .then()
        .statusCode(404);
    as(Tokens.person(grace))
        .when()
        .get("/api/v1/people/" + grace + "/devices")
        .then()
        .body("$", hasSize(1));
  }

  @Test
  void refusesAPersonOrAServiceManagingAnotherPersonsDevices() {
    String ada = People.registerOnMessenger();
    String adasDevice = Devices.register(ada).getString("deviceId");
    String grace = People.registerOnMessenger();

    for (String token : new String[] {Tokens.person(grace), Tokens.service()}) {
      as(token)
          .body(TestKeys.deviceBody("Not mine", "X25519", TestKeys.raw(TestKeys.x25519())))
          .when()
          .post("/api/v1/people/" + ada + "/devices")
          .then()
          .statusCode(403)
          .body("error", equalTo("forbidden"));
      as(token).when().get("/api/v1/people/" + ada + "/devices").then().statusCode(403);
      as(token)
          .when()
          .delete("/api/v1/people/" + ada + "/devices/" + adasDevice)
          .then()
          .statusCode(403);
    }
    as(Tokens.person(ada))
        .when()
        .get("/api/v1/people/" + ada + "/devices")
        .then()
        .body("deviceId", contains(adasDevice));
  }

  @Test
  void refusesDevicesAndKeysWithoutAToken() {
    String ada = People.registerOnMessenger();

    anonymous()
        .body(TestKeys.deviceBody("Phone", "X25519", TestKeys.raw(TestKeys.x25519())))
        .when()
        .post("/api/v1/people/" + ada + "/devices")
        .then()
        .statusCode(401)
        .body("error", equalTo("unauthorized"));
    anonymous().when().get("/api/v1/people/" + ada + "/device-keys").then().statusCode(401);
  }

  @Test
  void answersNotFoundForTheDevicesOrKeysOfAnUnknownPerson() {
    String nobody = UUID.randomUUID().toString();

    as(Tokens.service())
        .when()
        .get("/api/v1/people/" + nobody + "/device-keys")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
    as(Tokens.person(nobody))
        .body(TestKeys.deviceBody("Phone", "X25519", TestKeys.raw(TestKeys.x25519())))
        .when()
        .post("/api/v1/people/" + nobody + "/devices")
        .then()
        .statusCode(404);
  }

  private static Response addKey(String personId, String deviceId) {
    return as(Tokens.person(personId))
        .body(
            "{\"algorithm\":\"X25519\",\"publicKey\":\"" + TestKeys.raw(TestKeys.x25519()) + "\"}")
        .when()
        .post("/api/v1/people/" + personId + "/devices/" + deviceId + "/keys");
  }

  private static void assertNoDevices(String personId) {
    as(Tokens.person(personId))
        .when()
        .get("/api/v1/people/" + personId + "/devices")
        .then()
        .statusCode(200)
        .body("$", empty());
  }
}
