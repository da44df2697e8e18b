package io.switchboard.identity;

import io.restassured.path.json.JsonPath;

/** Registers devices for tests. */
public final class Devices {
  private Devices() {}

  /** Registers a device with one fresh X25519 key; the response body. */
  public static JsonPath register(String personId) {
    return Requests.as(Tokens.person(personId))
        .body(TestKeys.deviceBody("Test phone", "X25519", TestKeys.raw(TestKeys.x25519())))
        .when()
        .post("/api/v1/people/" + personId + "/devices")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }
}
