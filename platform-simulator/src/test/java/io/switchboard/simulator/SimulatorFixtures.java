package io.switchboard.simulator;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** What the tests share: fresh ids, the test profile's tokens, and registering users. */
public final class SimulatorFixtures {
  public static final String MESSENGER_TOKEN = "test-messenger-access-token";
  public static final String INSTAGRAM_TOKEN = "test-instagram-access-token";
  public static final String WHATSAPP_TOKEN = "test-whatsapp-access-token";

  private SimulatorFixtures() {}

  /** A numeric id no other test uses, so tests never share pages, users or rate limits. */
  public static String freshId() {
    return Long.toString(ThreadLocalRandom.current().nextLong(10_000_000_000L, 99_999_999_999L));
  }

  public static void knownUser(String platform, String businessId, String userId, Instant inbound) {
    given()
        .contentType("application/json")
        .body(
            Map.of(
                "platform", platform,
                "businessId", businessId,
                "userId", userId,
                "lastInboundAt", inbound.toString()))
        .when()
        .post("/simulator/users")
        .then()
        .statusCode(200);
  }
}
