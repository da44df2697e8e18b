package io.switchboard.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.restassured.RestAssured;
import io.switchboard.client.Device;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.SwitchboardClientException;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.LocalJwt;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.testing.DevstackExtension;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.sealed.DevicePublicKey;
import io.switchboard.events.sealed.SealedMessageException;
import io.switchboard.events.topics.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * End-to-end sealing with the client library against the real identity-service: devices register
 * key pairs made on the device, senders fetch the recipients' keys from the service, and what one
 * device seals opens on the recipient's device, and nowhere else or after tampering.
 */
@ExtendWith(DevstackExtension.class)
class SealedMessagesClientSystemTest {
  private static final LocalJwt JWT = LocalJwt.generate();

  private static ServiceProcess identity;

  @BeforeAll
  static void startIdentity(Endpoints endpoints) {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    Path publicKey =
        JWT.writePublicKey(
            Path.of(
                System.getProperty("switchboard.build.dir", "target"),
                "jwt",
                "sealed-messages-public.pem"));
    Map<String, String> env = new HashMap<>(MeshServices.database(endpoints));
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toAbsolutePath().toString());
    env.put("SWITCHBOARD_LINKING_CODE_PEPPER", UUID.randomUUID().toString());
    identity = MeshServices.start("identity-service", endpoints, env);
  }

  @AfterAll
  static void stopIdentity() {
    if (identity != null) {
      identity.close();
    }
  }

  @Test
  void whatAdasDeviceSealsForBoOpensOnBosDevice() throws Exception {
    String ada = newPerson();
    String bo = newPerson();
    SwitchboardClient adaClient = clientOf(ada);
    SwitchboardClient boClient = clientOf(bo);
    Device adaPhone = adaClient.registerDevice(ada, "Ada's phone");
    Device boPhone = boClient.registerDevice(bo, "Bo's phone");

    List<DevicePublicKey> boKeys = adaClient.deviceKeys(bo);
    assertThat(boKeys).containsExactly(boPhone.publicKey());

    String messageId = "m-" + UUID.randomUUID();
    String text = "The keys are under the mat. Not those keys.";
    SealedContent sealed =
        adaClient.seal(messageId, adaPhone, boKeys, text.getBytes(StandardCharsets.UTF_8));
    assertThat(sealed.senderDeviceKeyId()).isEqualTo(adaPhone.keyId());

    // Carried as the mesh carries it: a message.created record, schema-checked both ways.
    SealedContent received = throughTheMesh(adaPhone, boPhone, messageId, sealed);

    byte[] opened = boClient.open(messageId, received, boPhone, boClient.deviceKeys(ada));
    assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo(text);

    SealedContent tampered = flipOneCiphertextBit(received);
    assertThatThrownBy(() -> boClient.open(messageId, tampered, boPhone, adaPhone.publicKey()))
        .isInstanceOf(SealedMessageException.class)
        .hasMessageNotContaining("mat");
    assertThatThrownBy(() -> adaClient.open(messageId, received, adaPhone, adaPhone.publicKey()))
        .as("no envelope for the sending device")
        .isInstanceOf(SealedMessageException.class);
  }

  @Test
  void aGroupMessageOpensOnEveryMembersDevice() throws Exception {
    String ada = newPerson();
    String bo = newPerson();
    String cy = newPerson();
    SwitchboardClient adaClient = clientOf(ada);
    SwitchboardClient boClient = clientOf(bo);
    SwitchboardClient cyClient = clientOf(cy);
    Device adaPhone = adaClient.registerDevice(ada, "Ada's phone");
    Device adaLaptop = adaClient.registerDevice(ada, "Ada's laptop");
    Device boPhone = boClient.registerDevice(bo, "Bo's phone");
    Device boTablet = boClient.registerDevice(bo, "Bo's tablet");
    Device cyPhone = cyClient.registerDevice(cy, "Cy's phone");
    String messageId = "m-" + UUID.randomUUID();
    byte[] text = "Group dinner at 8".getBytes(StandardCharsets.UTF_8);

    SealedContent sealed = adaClient.sealForPeople(messageId, adaPhone, List.of(ada, bo, cy), text);

    assertThat(sealed.envelopes())
        .extracting(SealedEnvelope::recipientDeviceKeyId)
        .containsExactlyInAnyOrder(
            adaLaptop.keyId(), boPhone.keyId(), boTablet.keyId(), cyPhone.keyId());
    assertThat(adaClient.open(messageId, sealed, adaLaptop, adaClient.deviceKeys(ada)))
        .isEqualTo(text);
    assertThat(boClient.open(messageId, sealed, boPhone, boClient.deviceKeys(ada))).isEqualTo(text);
    assertThat(boClient.open(messageId, sealed, boTablet, boClient.deviceKeys(ada)))
        .isEqualTo(text);
    // With the sender's keys fetched by the client itself, as a device opening its history does.
    assertThat(cyClient.openFrom(messageId, sealed, cyPhone, ada)).isEqualTo(text);
  }

  @Test
  void refusalsOfTheServiceArriveWithTheirStatusAndCode() {
    String ada = newPerson();
    String bo = newPerson();

    SwitchboardClientException forbidden =
        catchThrowableOfType(
            SwitchboardClientException.class, () -> clientOf(ada).registerDevice(bo, "not mine"));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.error()).isEqualTo("forbidden");

    SwitchboardClientException unknown =
        catchThrowableOfType(
            SwitchboardClientException.class,
            () -> clientOf(ada).deviceKeys(UUID.randomUUID().toString()));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.error()).isEqualTo("not_found");

    SwitchboardClientException invalid =
        catchThrowableOfType(
            SwitchboardClientException.class,
            () -> clientOf(ada).registerDevice(ada, "x".repeat(65)));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.error()).isEqualTo("invalid_request");
    assertThat(invalid.details()).isNotNull();
  }

  private static SwitchboardClient clientOf(String personId) {
    return new SwitchboardClient(URI.create(identity.baseUrl()), () -> JWT.person(personId));
  }

  /** A person with one Messenger account, registered as a mesh service does; their id. */
  private static String newPerson() {
    String psid =
        String.valueOf(
            ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, Long.MAX_VALUE));
    return given()
        .baseUri(identity.baseUrl())
        .auth()
        .oauth2(JWT.service())
        .contentType("application/json")
        .body(Map.of("account", Map.of("platform", "messenger", "accountId", psid)))
        .when()
        .post("/api/v1/people")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static SealedContent throughTheMesh(
      Device from, Device to, String messageId, SealedContent content) {
    Instant now = Instant.now();
    MessageCreated data =
        new MessageCreated(
            "switchboard:" + from.deviceId() + ":" + to.deviceId(),
            messageId,
            AccountRef.of(Platform.SWITCHBOARD, from.deviceId()),
            AccountRef.of(Platform.SWITCHBOARD, to.deviceId()),
            content,
            null,
            null,
            null,
            now,
            now);
    MeshEvent<EventData> event =
        MeshEvent.of(EventIds.random(), MeshEvent.sourceOf("system-tests"), now, data);
    ProducerRecord<String, byte[]> record = MeshEventRecords.toRecord(Topics.INBOUND_CLIENT, event);
    ConsumerRecord<String, byte[]> consumed =
        new ConsumerRecord<>(record.topic(), 0, 0, record.key(), record.value());
    record.headers().forEach(header -> consumed.headers().add(header));
    return (SealedContent)
        ((MessageCreated) MeshEventRecords.fromRecord(consumed).data()).content();
  }

  private static SealedContent flipOneCiphertextBit(SealedContent content) {
    SealedEnvelope envelope = content.envelopes().get(0);
    byte[] ciphertext = Base64.getDecoder().decode(envelope.ciphertext());
    ciphertext[ciphertext.length / 2] ^= 0x01;
    return new SealedContent(
        content.algorithm(),
        content.senderDeviceKeyId(),
        List.of(
            new SealedEnvelope(
                envelope.recipientDeviceKeyId(),
                envelope.encapsulatedKey(),
                Base64.getEncoder().encodeToString(ciphertext))));
  }
}
