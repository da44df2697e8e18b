package io.switchboard.whatsapp.chats;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.whatsapp.Webhooks;
import io.switchboard.whatsapp.keys.DeviceKeyRoutes;
import io.switchboard.whatsapp.keys.KnownDeviceKeys;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operators' per-chat counts: every published message counts once, in its chat; reactions, receipts
 * and redeliveries do not; the latest provider time is kept.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class ChatStatsTest {

  @Inject KnownDeviceKeys keys;

  /** The device keys this class's pushes name are current, as identity.links says. */
  @BeforeEach
  void registerDeviceKeys() {
    DeviceKeyRoutes.ensureKnown(keys, "dk_a", "dk_b");
  }

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void countsPublishedMessagesPerDirectChatAndKeepsTheLatestTime() {
    String user = user();
    String chat = "whatsapp:" + Webhooks.PHONE_NUMBER_ID + ":" + user;
    String body =
        webhook(
            """
            "messages":[
              %s,
              %s,
              {"from":"%3$s","id":"%4$s","timestamp":"1749417200","type":"reaction",
               "reaction":{"message_id":"wamid.any","emoji":"\\ud83d\\udc4d"}}],
            "statuses":[
              {"id":"%5$s","status":"read","timestamp":"1749417300","recipient_id":"%3$s"}]
            """
                .formatted(text(user, "1749417100"), text(user, "1749417150"), user, id(), id()));

    Webhooks.post(body).statusCode(200).body("accepted", equalTo(4));
    stats(chat)
        .statusCode(200)
        .body("chatId", equalTo(chat))
        .body("messages", equalTo(2))
        .body("lastMessageAt", equalTo("2025-06-08T21:12:30Z"));

    // An older message arriving late adds to the count, not to the time; a redelivery adds nothing.
    String late = webhook("\"messages\":[" + text(user, "1749417000") + "]");
    Webhooks.post(late).statusCode(200).body("accepted", equalTo(1));
    Webhooks.post(late).statusCode(200).body("duplicates", equalTo(1));
    Webhooks.post(body).statusCode(200).body("duplicates", equalTo(4));
    stats(chat)
        .statusCode(200)
        .body("messages", equalTo(3))
        .body("lastMessageAt", equalTo("2025-06-08T21:12:30Z"));
  }

  @Test
  void countsGroupMessagesUnderTheOpaqueGroupChat() {
    String group = "grp" + UUID.randomUUID().toString().replace("-", "");
    String sealed =
        """
        {"from":"%s","id":"%s","timestamp":"1749417400","type":"sealed","group":{"id":"%s"},
         "sealed":{"algorithm":"HPKE-X25519-HKDF-SHA256-AES-128-GCM",
          "sender_device_key_id":"dk_a","envelopes":[{"recipient_device_key_id":"dk_b",
          "enc":"q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=",
          "ciphertext":"3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZ"}]}}
        """
            .formatted(user(), id(), group);
    Webhooks.post(webhook("\"messages\":[" + sealed + "]")).statusCode(200);

    stats("whatsapp:group:" + group)
        .statusCode(200)
        .body("messages", equalTo(1))
        .body("lastMessageAt", equalTo("2025-06-08T21:16:40Z"));
  }

  @Test
  void anUnknownChatIsNotFound() {
    stats("whatsapp:" + Webhooks.PHONE_NUMBER_ID + ":" + user())
        .statusCode(404)
        .body("error", equalTo("chat_not_found"));
  }

  private static ValidatableResponse stats(String chatId) {
    return RestAssured.given()
        .pathParam("chatId", chatId)
        .when()
        .get("/api/v1/chats/{chatId}/stats")
        .then();
  }

  private static String webhook(String value) {
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{
          "field":"messages","value":{"messaging_product":"whatsapp",
          "metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},
          %s}}]}]}
        """
        .formatted(Webhooks.PHONE_NUMBER_ID, value);
  }

  private static String text(String user, String timestamp) {
    return """
        {"from":"%s","id":"%s","timestamp":"%s","type":"text","text":{"body":"hi"}}"""
        .formatted(user, id(), timestamp);
  }

  private static String user() {
    return "1555" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 10_000_000L);
  }

  private static String id() {
    return "wamid.stats." + UUID.randomUUID();
  }
}
