package io.switchboard.identity;

import static io.restassured.RestAssured.given;

import java.util.concurrent.ThreadLocalRandom;

/** Registers people for tests, each with a fresh account. */
public final class People {
  private People() {}

  /** A fresh numeric platform id (PSID, IGSID, wa_id). */
  public static String numericId() {
    return String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE));
  }

  /** Registers a person with a new Messenger account; returns the person id. */
  public static String register(String platform, String accountId) {
    return given()
        .auth()
        .oauth2(Tokens.service())
        .contentType("application/json")
        .body(
            "{\"account\":{\"platform\":\"" + platform + "\",\"accountId\":\"" + accountId + "\"}}")
        .when()
        .post("/api/v1/people")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  public static String registerOnMessenger() {
    return register("messenger", numericId());
  }
}
