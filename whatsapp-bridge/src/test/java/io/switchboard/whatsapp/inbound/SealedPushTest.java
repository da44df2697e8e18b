package io.switchboard.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.sealed.DevicePrivateKey;
import io.switchboard.events.sealed.SealedMessages;
import io.switchboard.whatsapp.Rows;
import io.switchboard.whatsapp.Webhooks;
import io.switchboard.whatsapp.keys.DeviceKeyRoutes;
import io.switchboard.whatsapp.keys.KnownDeviceKeys;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sealed pushes: the bridge carries every envelope exactly as the sender's device made it, so the
 * recipient's device opens it; and it refuses a malformed or oversized one with nothing written.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class SealedPushTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SENDER = "sender_device_key_id";
  private static final String RECIPIENT = "recipient_device_key_id";
  private static final String CT = "ciphertext";

  @Inject KnownDeviceKeys keys;

  /** The device keys this class's pushes name are current, as identity.links says. */
  @BeforeEach
  void registerDeviceKeys() {
    DeviceKeyRoutes.ensureKnown(
        keys,
        "dk_sheena_phone",
        "dk_sheena_laptop",
        "dk_ada_phone",
        "dk_ada_laptop",
        "dk_grace_phone",
        "dk_grace_tablet");
  }

  @Inject DataSource db;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void envelopesSealedOnTheSendersDeviceArriveByteForByteAndOpen() throws Exception {
    String messageId = "wamid.sealed." + UUID.randomUUID();
    DevicePrivateKey sender = DevicePrivateKey.generate("dk_sheena_phone", RANDOM);
    DevicePrivateKey adaPhone = DevicePrivateKey.generate("dk_ada_phone", RANDOM);
    DevicePrivateKey adaLaptop = DevicePrivateKey.generate("dk_ada_laptop", RANDOM);
    byte[] plaintext = "meet at the north gate".getBytes(StandardCharsets.UTF_8);
    SealedContent sealed =
        new SealedMessages()
            .seal(
                messageId,
                sender,
                List.of(adaPhone.toPublicKey(), adaLaptop.toPublicKey()),
                plaintext);
    ObjectNode webhook = template();
    ObjectNode message = message(webhook);
    message.put("id", messageId);
    ObjectNode push = (ObjectNode) message.get("sealed");
    ArrayNode envelopes = push.putArray("envelopes");
    for (SealedEnvelope envelope : sealed.envelopes()) {
      envelopes
          .addObject()
          .put("recipient_device_key_id", envelope.recipientDeviceKeyId())
          .put("enc", envelope.encapsulatedKey())
          .put("ciphertext", envelope.ciphertext());
    }

    ConsumerRecord<String, byte[]> record;
    try (TopicProbe probe = Webhooks.probe()) {
      Webhooks.post(JSON.writeValueAsBytes(webhook)).statusCode(200).body("accepted", equalTo(1));
      record = probe.await(1, Duration.ofSeconds(10)).get(0);
    }

    JsonNode content = JSON.readTree(record.value()).get("content");
    assertThat(content.get("kind").asText()).isEqualTo("sealed");
    assertThat(content.get("algorithm").asText()).isEqualTo(SealedMessages.ALGORITHM);
    assertThat(content.get("senderDeviceKeyId").asText()).isEqualTo("dk_sheena_phone");
    for (int i = 0; i < 2; i++) {
      JsonNode sent = envelopes.get(i);
      JsonNode carried = content.get("envelopes").get(i);
      assertThat(carried.get("recipientDeviceKeyId").asText())
          .isEqualTo(sent.get("recipient_device_key_id").asText());
      assertThat(carried.get("encapsulatedKey").asText()).isEqualTo(sent.get("enc").asText());
      assertThat(carried.get("ciphertext").asText()).isEqualTo(sent.get("ciphertext").asText());
    }
    MeshEvent<EventData> event = MeshEventRecords.fromRecord(record);
    MessageCreated created = (MessageCreated) event.data();
    assertThat(created.messageId()).isEqualTo(messageId);
    assertThat(created.replyTo()).isNotNull();
    SealedContent carried = (SealedContent) created.content();
    assertThat(SealedMessages.open(messageId, carried, adaLaptop, sender.toPublicKey()))
        .isEqualTo(plaintext);
    assertThat(SealedMessages.open(messageId, carried, adaPhone, sender.toPublicKey()))
        .isEqualTo(plaintext);
  }

  @Test
  void aGroupPushBelongsToTheOpaqueGroupWithOneEnvelopePerMemberDevice() throws Exception {
    JsonNode file = JSON.readTree(Webhooks.load("sealed/group.json"));
    JsonNode sent = message(file).get("sealed").get("envelopes");
    MeshEvent<EventData> event;
    try (TopicProbe probe = Webhooks.probe()) {
      Webhooks.post(Webhooks.load("sealed/group.json")).statusCode(200);
      event = Webhooks.events(probe.await(1, Duration.ofSeconds(10))).get(0);
    }

    MessageCreated created = (MessageCreated) event.data();
    assertThat(created.conversationId()).isEqualTo("whatsapp:group:8c2f1e9a4b7d");
    assertThat(created.recipient()).isNull();
    List<SealedEnvelope> carried = ((SealedContent) created.content()).envelopes();
    assertThat(carried).hasSize(4);
    for (int i = 0; i < carried.size(); i++) {
      assertThat(carried.get(i))
          .isEqualTo(
              new SealedEnvelope(
                  sent.get(i).get("recipient_device_key_id").asText(),
                  sent.get(i).get("enc").asText(),
                  sent.get(i).get("ciphertext").asText()));
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        refusal("unknown algorithm", "invalid_sealed_message", p -> p.put("algorithm", "ROT13")),
        refusal("empty sealed object", "invalid_sealed_message", p -> p.removeAll()),
        refusal("blank sender key id", "invalid_sealed_message", p -> p.put(SENDER, " ")),
        refusal("no envelopes", "invalid_sealed_message", p -> p.putArray("envelopes")),
        refusal("1025 envelopes", "invalid_sealed_message", p -> envelopes(p, 1025, 16)),
        refusal(
            "ciphertext not base64", "invalid_sealed_message", p -> first(p, CT, "not base64!")),
        refusal("ciphertext base64url", "invalid_sealed_message", p -> first(p, CT, "-_-_-_-_")),
        refusal("ciphertext unpadded", "invalid_sealed_message", p -> first(p, CT, b64(17, false))),
        refusal(
            "ciphertext shorter than a tag",
            "invalid_sealed_message",
            p -> first(p, CT, b64(15, true))),
        refusal("enc not 32 bytes", "invalid_sealed_message", p -> first(p, "enc", b64(31, true))),
        refusal(
            "repeated device key id",
            "invalid_sealed_message",
            p -> first(p, RECIPIENT, "dk_ada_laptop")),
        refusal("more than 256 KiB", "sealed_message_too_large", p -> envelopes(p, 2, 140 * 1024)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void refusesAMalformedOrOversizedPushAndWritesNothing(
      String name, String error, Consumer<ObjectNode> breakIt) throws Exception {
    ObjectNode webhook = template();
    ObjectNode sealedMessage = message(webhook);
    String messageId = "wamid.refused." + UUID.randomUUID();
    String user = "1555" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 10_000_000L);
    sealedMessage.put("id", messageId).put("from", user).remove("from_user_id");
    breakIt.accept((ObjectNode) sealedMessage.get("sealed"));
    // A good message in the same webhook is refused with it: the webhook is one unit.
    String goodId = "wamid.refused.companion." + UUID.randomUUID();
    ((ArrayNode) webhook.at("/entry/0/changes/0/value/messages"))
        .addObject()
        .put("from", user)
        .put("id", goodId)
        .put("timestamp", "1749416501")
        .put("type", "text")
        .putObject("text")
        .put("body", "and a plain one");
    byte[] body = JSON.writeValueAsBytes(webhook);

    try (TopicProbe probe = Webhooks.probe()) {
      Webhooks.post(body)
          .statusCode(400)
          .body("error", equalTo(error))
          .body("details.messageId", equalTo(messageId));
      assertThat(probe.drain(Duration.ofMillis(300))).isEmpty();
      assertThat(probe.unread()).isZero();
    }
    assertThat(
            Rows.strings(
                db,
                "SELECT event_id FROM adapter.webhook_dedupe WHERE event_id IN (?, ?)",
                Webhooks.eventId(EventType.MESSAGE_CREATED, messageId),
                Webhooks.eventId(EventType.MESSAGE_CREATED, goodId)))
        .isEmpty();
    String chat = "whatsapp:" + Webhooks.PHONE_NUMBER_ID + ":" + user;
    assertThat(Rows.strings(db, "SELECT chat_id FROM whatsapp.chat_stats WHERE chat_id = ?", chat))
        .isEmpty();
  }

  private static Arguments refusal(String name, String error, Consumer<ObjectNode> breakIt) {
    return Arguments.of(name, error, breakIt);
  }

  private static void first(ObjectNode push, String field, String value) {
    ((ObjectNode) push.get("envelopes").get(0)).put(field, value);
  }

  private static void envelopes(ObjectNode push, int count, int ciphertextBytes) {
    ArrayNode envelopes = push.putArray("envelopes");
    for (int i = 0; i < count; i++) {
      envelopes
          .addObject()
          .put(RECIPIENT, "dk_" + i)
          .put("enc", b64(32, true))
          .put(CT, b64(ciphertextBytes, true));
    }
  }

  private static String b64(int bytes, boolean padded) {
    byte[] data = new byte[bytes];
    RANDOM.nextBytes(data);
    Base64.Encoder encoder = padded ? Base64.getEncoder() : Base64.getEncoder().withoutPadding();
    return encoder.encodeToString(data);
  }

  private static ObjectNode template() throws Exception {
    return (ObjectNode) JSON.readTree(Webhooks.load("sealed/direct.json"));
  }

  private static ObjectNode message(JsonNode webhook) {
    return (ObjectNode) webhook.at("/entry/0/changes/0/value/messages/0");
  }
}
