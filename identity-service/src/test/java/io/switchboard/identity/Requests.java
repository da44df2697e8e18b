package io.switchboard.identity;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** RestAssured requests with a bearer token and a JSON body. */
public final class Requests {
  private Requests() {}

  public static RequestSpecification as(String token) {
    return given().auth().oauth2(token).contentType("application/json");
  }

  public static RequestSpecification anonymous() {
    return given().contentType("application/json");
  }

  /** The person's current version, as last published to identity.links. */
  public static long versionOf(String personId) {
    return as(Tokens.service())
        .when()
        .get("/api/v1/people/" + personId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getLong("version");
  }
}
