package io.switchboard.whatsapp.keys;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventType;
import io.switchboard.whatsapp.Rows;
import io.switchboard.whatsapp.Webhooks;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sealed pushes name current device keys only, as identity.links says: a key nobody registered, a
 * revoked key and the keys of an unlinked account are refused with {@code unknown_device_key} and
 * nothing written; the keys view reports its readiness.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class UnknownDeviceKeyTest {
  private static final String ENC = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";
  private static final String CIPHERTEXT = "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZ";

  @Inject KnownDeviceKeys keys;
  @Inject DataSource db;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void anUnknownRecipientKeyIsRefusedAndNothingIsWritten() {
    String sender = key("sender");
    String known = key("known");
    String unknown = key("unknown");
    DeviceKeyRoutes.publish(account(), List.of(sender, known));
    DeviceKeyRoutes.awaitCurrent(keys, sender, known);
    String user = user();
    String messageId = "wamid.unknown-key." + UUID.randomUUID();

    try (TopicProbe probe = Webhooks.probe()) {
      Webhooks.post(webhook(user, messageId, sender, known, unknown))
          .statusCode(400)
          .body("error", equalTo("unknown_device_key"))
          .body("details.messageId", equalTo(messageId))
          .body("details.keyId", equalTo(unknown));
      assertThat(probe.drain(Duration.ofMillis(300))).isEmpty();
      assertThat(probe.unread()).isZero();
    }
    assertNothingStored(user, messageId);

    // The same push without the unknown key is carried.
    try (TopicProbe probe = Webhooks.probe()) {
      Webhooks.post(webhook(user, messageId, sender, known)).statusCode(200);
      assertThat(probe.await(1, Duration.ofSeconds(10))).hasSize(1);
    }
  }

  @Test
  void anUnknownSenderKeyIsRefused() {
    String recipient = key("recipient");
    DeviceKeyRoutes.publish(account(), List.of(recipient));
    DeviceKeyRoutes.awaitCurrent(keys, recipient);
    String unknown = key("sender");
    String user = user();
    String messageId = "wamid.unknown-sender." + UUID.randomUUID();

    Webhooks.post(webhook(user, messageId, unknown, recipient))
        .statusCode(400)
        .body("error", equalTo("unknown_device_key"))
        .body("details.keyId", equalTo(unknown));
    assertNothingStored(user, messageId);
  }

  @Test
  void aRevokedKeyIsRefusedOnceTheRouteIsRepublishedWithoutIt() {
    AccountRef account = account();
    String sender = key("sender");
    String phone = key("phone");
    String laptop = key("laptop");
    DeviceKeyRoutes.publish(account, List.of(sender, phone, laptop));
    DeviceKeyRoutes.awaitCurrent(keys, sender, phone, laptop);
    String user = user();
    Webhooks.post(webhook(user, "wamid.before." + UUID.randomUUID(), sender, phone, laptop))
        .statusCode(200)
        .body("accepted", equalTo(1));

    DeviceKeyRoutes.publish(account, List.of(sender, phone));
    DeviceKeyRoutes.awaitGone(keys, laptop);

    user = user();
    String messageId = "wamid.revoked." + UUID.randomUUID();
    try (TopicProbe probe = Webhooks.probe()) {
      Webhooks.post(webhook(user, messageId, sender, phone, laptop))
          .statusCode(400)
          .body("error", equalTo("unknown_device_key"))
          .body("details.keyId", equalTo(laptop));
      assertThat(probe.drain(Duration.ofMillis(300))).isEmpty();
    }
    assertNothingStored(user, messageId);
    assertThat(keys.isCurrent(phone)).isTrue();
  }

  @Test
  void aTombstoneRemovesTheAccountsKeys() {
    AccountRef account = account();
    String sender = key("sender");
    String recipient = key("recipient");
    DeviceKeyRoutes.publish(account, List.of(sender, recipient));
    DeviceKeyRoutes.awaitCurrent(keys, sender, recipient);

    DeviceKeyRoutes.tombstone(account);
    DeviceKeyRoutes.awaitGone(keys, sender, recipient);

    String user = user();
    String messageId = "wamid.unlinked." + UUID.randomUUID();
    Webhooks.post(webhook(user, messageId, sender, recipient))
        .statusCode(400)
        .body("error", equalTo("unknown_device_key"))
        .body("details.keyId", equalTo(sender));
    assertNothingStored(user, messageId);
  }

  @Test
  void theViewReportsReadinessOnceCaughtUp() {
    DeviceKeyRoutes.awaitReady(keys);
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.name", hasItem(DeviceKeysReadiness.NAME));
  }

  private void assertNothingStored(String user, String messageId) {
    assertThat(
            Rows.strings(
                db,
                "SELECT event_id FROM adapter.webhook_dedupe WHERE event_id = ?",
                Webhooks.eventId(EventType.MESSAGE_CREATED, messageId)))
        .isEmpty();
    String chat = "whatsapp:" + Webhooks.PHONE_NUMBER_ID + ":" + user;
    assertThat(Rows.strings(db, "SELECT chat_id FROM whatsapp.chat_stats WHERE chat_id = ?", chat))
        .isEmpty();
  }

  /** A direct sealed push from {@code user}, its sender key and one envelope per recipient key. */
  private static String webhook(String user, String messageId, String sender, String... to) {
    StringBuilder envelopes = new StringBuilder();
    for (String recipient : to) {
      envelopes
          .append(envelopes.isEmpty() ? "" : ",")
          .append(
              """
              {"recipient_device_key_id":"%s","enc":"%s","ciphertext":"%s"}"""
                  .formatted(recipient, ENC, CIPHERTEXT));
    }
    return """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{
          "field":"messages","value":{"messaging_product":"whatsapp",
          "metadata":{"phone_number_id":"%s"},
          "messages":[{"from":"%s","id":"%s","timestamp":"1749417400","type":"sealed",
            "sealed":{"algorithm":"HPKE-X25519-HKDF-SHA256-AES-128-GCM",
              "sender_device_key_id":"%s","envelopes":[%s]}}]}}]}]}
        """
        .formatted(Webhooks.PHONE_NUMBER_ID, user, messageId, sender, envelopes);
  }

  private static AccountRef account() {
    return DeviceKeyRoutes.account("test-" + UUID.randomUUID());
  }

  private static String key(String device) {
    return "dk_" + device + "_" + UUID.randomUUID();
  }

  private static String user() {
    return "1555" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 10_000_000L);
  }
}
