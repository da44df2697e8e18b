package io.switchboard.gateway.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.gateway.Tokens;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's doors for client apps besides the WebSocket: the web client's files, the people API
 * forwarded to identity-service with the caller's token, and the demo endpoints of local runs.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
@QuarkusTestResource(value = NeighbourServer.class, restrictToAnnotatedClass = true)
class ClientApiTest {
  @Inject JWTParser parser;

  @BeforeEach
  void forget() {
    NeighbourServer.RECEIVED.clear();
  }

  @Test
  void theWebClientIsServedWithAStrictContentSecurityPolicy() {
    given()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .header("Content-Security-Policy", containsString("script-src 'self'"))
        .header("X-Content-Type-Options", "nosniff")
        .body(containsString("/app/main.js"));
    given().get("/app/main.js").then().statusCode(200);
  }

  @Test
  void thePeopleApiIsForwardedWithTheCallersTokenAndItsAnswerComesBackAsItWas() throws Exception {
    String token = Tokens.person("p-ada");
    given()
        .header("Authorization", "Bearer " + token)
        .contentType("application/json")
        .body("{\"known\":\"inbox\",\"unknown\":\"requests\"}")
        .put("/api/v1/people/p-ada/controls/instagram")
        .then()
        .statusCode(418)
        .header("Retry-After", "7")
        .header("Location", "/api/v1/people/p-ada/controls/instagram?at=neighbour")
        .body("error", equalTo("teapot"))
        .body("message", equalTo("/api/v1/people/p-ada/controls/instagram"));

    NeighbourServer.Received received = NeighbourServer.RECEIVED.poll(5, TimeUnit.SECONDS);
    assertThat(received).isNotNull();
    assertThat(received.method()).isEqualTo("PUT");
    assertThat(received.pathAndQuery()).isEqualTo("/api/v1/people/p-ada/controls/instagram");
    assertThat(received.authorization()).isEqualTo("Bearer " + token);
    assertThat(received.body()).isEqualTo("{\"known\":\"inbox\",\"unknown\":\"requests\"}");

    given()
        .header("Authorization", "Bearer " + token)
        .get("/api/v1/people/p-ada")
        .then()
        .statusCode(418);
    assertThat(NeighbourServer.RECEIVED.poll(5, TimeUnit.SECONDS).pathAndQuery())
        .isEqualTo("/api/v1/people/p-ada");
  }

  @Test
  void aCallWithoutATokenOrOutsideThePeopleApiIsRefusedAndNothingIsForwarded() throws Exception {
    given()
        .get("/api/v1/people/p-ada/controls")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", "Bearer")
        .body("error", equalTo("unauthorized"));
    given()
        .header("Authorization", "Bearer x")
        .get("/api/v1/people/p-ada/devices/a b")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
    given()
        .header("Authorization", "Bearer x")
        .get("/api/v1/people/p-ada/a/b/c/d/e/f/g")
        .then()
        .statusCode(404);
    given()
        .header("Authorization", "Bearer x")
        .urlEncodingEnabled(false)
        .get("/api/v1/people/p-ada/..%2F..%2Fresolve")
        .then()
        .statusCode(404);
    assertThat(NeighbourServer.RECEIVED.poll(1, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void theDemoListsItsPeopleAndSignsTokensForThemOnly() throws Exception {
    given().get("/demo/people").then().statusCode(200).body("[0].name", equalTo("Ada"));

    String token =
        given()
            .contentType("application/json")
            .body("{\"personId\":\"p-ada\"}")
            .post("/demo/token")
            .then()
            .statusCode(200)
            .extract()
            .path("token");
    JsonWebToken parsed = parser.parse(token);
    assertThat(parsed.getSubject()).isEqualTo("p-ada");
    assertThat(parsed.getGroups()).containsExactly("person");
    assertThat(parsed.getIssuer()).isEqualTo("https://switchboard.local");

    given()
        .contentType("application/json")
        .body("{\"personId\":\"someone-else\"}")
        .post("/demo/token")
        .then()
        .statusCode(404)
        .body("error", equalTo("not_found"));
    given()
        .contentType("application/json")
        .body("{}")
        .post("/demo/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void theDemoPanelReachesTheSimulator() throws Exception {
    given()
        .contentType("application/json")
        .body(
            "{\"businessId\":\"1\",\"userId\":\"2\",\"events\":[{\"kind\":\"text\",\"text\":\"hi\"}]}")
        .post("/demo/simulator/webhooks/messenger")
        .then()
        .statusCode(418);
    NeighbourServer.Received drive = NeighbourServer.RECEIVED.poll(5, TimeUnit.SECONDS);
    assertThat(drive.method()).isEqualTo("POST");
    assertThat(drive.pathAndQuery()).isEqualTo("/simulator/webhooks/messenger");
    assertThat(drive.authorization()).isNull();

    given().get("/demo/simulator/calls?since=1700000000000").then().statusCode(418);
    assertThat(NeighbourServer.RECEIVED.poll(5, TimeUnit.SECONDS).pathAndQuery())
        .isEqualTo("/simulator/calls?since=1700000000000");
    given().get("/demo/simulator/calls?since=yesterday").then().statusCode(400);
    given().post("/demo/simulator/webhooks/telegram").then().statusCode(404);
    given()
        .get("/demo/business-accounts")
        .then()
        .statusCode(200)
        .body("instagram", equalTo("17841400000000001"));
  }
}
