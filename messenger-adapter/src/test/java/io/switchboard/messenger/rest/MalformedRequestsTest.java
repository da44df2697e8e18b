package io.switchboard.messenger.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.devstack.testing.DevstackTestResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests that are wrong in shape, not in content, still get the mesh's JSON error body. */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class MalformedRequestsTest {

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void refusesAnUnsupportedMethod() {
    given()
        .when()
        .delete("/webhooks/messenger")
        .then()
        .statusCode(405)
        .contentType(containsString("application/json"))
        .body("error", equalTo("method_not_allowed"));
  }

  @Test
  void refusesABodyThatIsNotJson() {
    given()
        .contentType("text/plain")
        .body("hello")
        .when()
        .post("/webhooks/messenger")
        .then()
        .statusCode(415)
        .contentType(containsString("application/json"))
        .body("error", equalTo("unsupported_media_type"));
  }

  @Test
  void refusesABodyLargerThanTheLimit() {
    given()
        .contentType("application/json")
        .body(new byte[2 * 1024 * 1024])
        .when()
        .post("/webhooks/messenger")
        .then()
        .statusCode(413)
        .contentType(containsString("application/json"))
        .body("error", equalTo("payload_too_large"));
  }
}
