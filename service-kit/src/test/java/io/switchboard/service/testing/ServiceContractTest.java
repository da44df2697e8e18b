package io.switchboard.service.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.RestAssured;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every service of the mesh promises operators: liveness and readiness (with its real
 * dependencies), Prometheus metrics, an OpenAPI description, and the mesh's JSON error body for
 * paths that do not exist. Each service's test suite runs it with {@code @QuarkusTest}.
 */
public abstract class ServiceContractTest {

  /** Names of the readiness checks the service must report, e.g. its Kafka connection. */
  protected abstract List<String> readinessChecks();

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void isLive() {
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void isReadyWithItsDependencies() {
    String[] checks = readinessChecks().toArray(String[]::new);
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", hasItems(checks));
  }

  @Test
  void exportsPrometheusMetrics() {
    given()
        .accept("text/plain; version=0.0.4")
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .contentType(containsString("text/plain"))
        .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
  }

  @Test
  void describesItsApiInOpenApi() {
    given()
        .queryParam("format", "json")
        .when()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("openapi", notNullValue())
        .body("info.title", containsString("Switchboard"));
  }

  @Test
  void answersUnknownPathsWithTheMeshErrorBody() {
    given()
        .when()
        .get("/no/such/path")
        .then()
        .statusCode(404)
        .contentType(containsString("application/json"))
        .body("error", equalTo("not_found"))
        .body("message", notNullValue());
  }
}
