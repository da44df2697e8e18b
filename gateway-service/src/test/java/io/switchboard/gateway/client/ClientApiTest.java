package io.switchboard.gateway.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.build.Jwt;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.gateway.Tokens;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
  @Inject ClientApiConfig config;

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
    for (String invalid :
        List.of(
            "Bearer x",
            "Bearer " + Tokens.personExpiredSecondsAgo("p-ada", 5),
            "Bearer " + otherKeysToken("p-ada"),
            "Basic cC1hZGE6c2VjcmV0")) {
      given()
          .header("Authorization", invalid)
          .get("/api/v1/people/p-ada/controls")
          .then()
          .statusCode(401)
          .header("WWW-Authenticate", "Bearer")
          .body("error", equalTo("unauthorized"));
    }
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
  void eachPersonHasTheirOwnRateAndCallsOverItAreRefusedWithoutBeingForwarded() throws Exception {
    String ben = Tokens.person("p-ben-" + UUID.randomUUID());
    String cleo = Tokens.person("p-cleo-" + UUID.randomUUID());
    for (int i = 0; i < config.rateLimit().burst(); i++) {
      given()
          .header("Authorization", "Bearer " + ben)
          .get("/api/v1/people/p-ben")
          .then()
          .statusCode(418);
    }
    NeighbourServer.RECEIVED.clear();

    given()
        .header("Authorization", "Bearer " + ben)
        .get("/api/v1/people/p-ben")
        .then()
        .statusCode(429)
        .header("Retry-After", anyOf(equalTo("4"), equalTo("5")))
        .body("error", equalTo("rate_limited"));
    assertThat(NeighbourServer.RECEIVED.poll(1, TimeUnit.SECONDS)).isNull();

    given()
        .header("Authorization", "Bearer " + cleo)
        .get("/api/v1/people/p-cleo")
        .then()
        .statusCode(418);
    assertThat(NeighbourServer.RECEIVED.poll(5, TimeUnit.SECONDS).authorization())
        .isEqualTo("Bearer " + cleo);
  }

  @Test
  void aBucketRefillsAtItsRateAndIsForgottenOnceFull() {
    AtomicLong nanos = new AtomicLong();
    CallerLimits limits = new CallerLimits(parser, rate(2, 3), nanos::get);
    String ada = "Bearer " + Tokens.person("p-ada");

    for (int i = 0; i < 3; i++) {
      assertThat(limits.refusal(ada)).as("call %d of the burst", i).isEmpty();
    }
    Response refused = limits.refusal(ada).orElseThrow();
    assertThat(refused.getStatus()).isEqualTo(429);
    assertThat(refused.getHeaderString("Retry-After")).isEqualTo("1");

    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
    assertThat(limits.refusal(ada)).isEmpty();
    assertThat(limits.refusal(ada)).isPresent();
    assertThat(limits.refusal("Bearer " + Tokens.person("p-ben"))).isEmpty();
    assertThat(limits.tracked()).isEqualTo(2);

    // A minute later both buckets are full again: the next call drops them and starts its own.
    nanos.addAndGet(TimeUnit.MINUTES.toNanos(1));
    assertThat(limits.refusal(ada)).isEmpty();
    assertThat(limits.tracked()).isEqualTo(1);
  }

  private static ClientApiConfig.RateLimit rate(double perSecond, int burst) {
    return new ClientApiConfig.RateLimit() {
      @Override
      public double perSecond() {
        return perSecond;
      }

      @Override
      public int burst() {
        return burst;
      }
    };
  }

  /** A well-formed person's token signed by a key that is not the mesh's. */
  private static String otherKeysToken(String personId) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return Jwt.subject(personId)
        .issuer("https://switchboard.local")
        .groups(Set.of("person"))
        .expiresIn(600)
        .sign(generator.generateKeyPair().getPrivate());
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
