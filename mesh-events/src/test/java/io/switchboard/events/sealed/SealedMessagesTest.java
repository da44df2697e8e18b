package io.switchboard.events.sealed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.events.EventCodec;
import io.switchboard.events.EventExamples;
import io.switchboard.events.EventType;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.schema.EventSchemas;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SealedMessagesTest {
  private static final String MESSAGE_ID = "wamid.SEALED0001";
  private static final byte[] PLAINTEXT =
      "{\"text\":\"meet at the harbour at six\"}".getBytes(StandardCharsets.UTF_8);

  private final SecureRandom random = new SecureRandom();
  private final SealedMessages sealer = new SealedMessages(random);
  private final DevicePrivateKey sender = DevicePrivateKey.generate("dk_sender_1", random);
  private final List<DevicePrivateKey> devices =
      List.of(
          DevicePrivateKey.generate("dk_ada_phone", random),
          DevicePrivateKey.generate("dk_ada_laptop", random),
          DevicePrivateKey.generate("dk_bo_phone", random));
  private final List<DevicePublicKey> recipients =
      devices.stream().map(DevicePrivateKey::toPublicKey).toList();

  @Test
  void everyRecipientDeviceOpensItsOwnEnvelope() throws SealedMessageException {
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);

    assertThat(content.algorithm()).isEqualTo("HPKE-X25519-HKDF-SHA256-AES-128-GCM");
    assertThat(content.senderDeviceKeyId()).isEqualTo("dk_sender_1");
    assertThat(content.envelopes())
        .extracting(SealedEnvelope::recipientDeviceKeyId)
        .containsExactly("dk_ada_phone", "dk_ada_laptop", "dk_bo_phone");
    for (DevicePrivateKey device : devices) {
      assertThat(SealedMessages.open(MESSAGE_ID, content, device, sender.toPublicKey()))
          .isEqualTo(PLAINTEXT);
    }
  }

  @Test
  void everyEnvelopeHasItsOwnEphemeralKeyAndTheRawSizesOfTheSuite() {
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);

    assertThat(content.envelopes())
        .extracting(SealedEnvelope::encapsulatedKey)
        .doesNotHaveDuplicates();
    for (SealedEnvelope envelope : content.envelopes()) {
      assertThat(Base64.getDecoder().decode(envelope.encapsulatedKey())).hasSize(32);
      assertThat(Base64.getDecoder().decode(envelope.ciphertext()))
          .hasSize(PLAINTEXT.length + Hpke.TAG_LENGTH);
    }
  }

  @Test
  void sealedContentIsAValidEventAndStillOpensAfterJson() throws SealedMessageException {
    MessageCreated example =
        (MessageCreated) EventExamples.load("switchboard.message.created.v1.sealed.json").data();
    SealedContent content = sealer.seal(example.messageId(), sender, recipients, PLAINTEXT);
    MessageCreated event =
        new MessageCreated(
            example.conversationId(),
            example.messageId(),
            example.sender(),
            example.recipient(),
            content,
            example.replyTo(),
            example.sequence(),
            example.clientNonce(),
            example.sentAt(),
            example.receivedAt());

    var json = EventCodec.toTree(event);
    assertThat(EventSchemas.get().violations(EventType.MESSAGE_CREATED, json)).isEmpty();
    MessageCreated read = (MessageCreated) EventCodec.fromTree(EventType.MESSAGE_CREATED, json);
    assertThat(
            SealedMessages.open(
                read.messageId(),
                (SealedContent) read.content(),
                devices.get(2),
                sender.toPublicKey()))
        .isEqualTo(PLAINTEXT);
  }

  @Test
  void aByteChangedInTheCiphertextFailsToOpen() {
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);
    SealedContent tampered =
        withEnvelope(
            content,
            0,
            e ->
                new SealedEnvelope(
                    e.recipientDeviceKeyId(), e.encapsulatedKey(), flipOneByte(e.ciphertext())));

    assertFailsToOpen(
        () -> SealedMessages.open(MESSAGE_ID, tampered, devices.get(0), sender.toPublicKey()));
  }

  @Test
  void aByteChangedInTheEncapsulatedKeyFailsToOpen() {
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);
    SealedContent tampered =
        withEnvelope(
            content,
            1,
            e ->
                new SealedEnvelope(
                    e.recipientDeviceKeyId(), flipOneByte(e.encapsulatedKey()), e.ciphertext()));

    assertFailsToOpen(
        () -> SealedMessages.open(MESSAGE_ID, tampered, devices.get(1), sender.toPublicKey()));
  }

  @Test
  void anEnvelopeMovedToAnotherMessageFailsToOpen() {
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);

    assertFailsToOpen(
        () ->
            SealedMessages.open("wamid.SEALED0002", content, devices.get(0), sender.toPublicKey()));
  }

  @Test
  void anEnvelopeReAddressedToAnotherDeviceKeyIdFailsToOpen() {
    // The same device key published under a second id: the key would open the envelope, the aad
    // (which names the recipient key id) must not.
    DevicePrivateKey sameKeyOtherId =
        new DevicePrivateKey("dk_ada_tablet", devices.get(0).privateKey());
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);
    SealedContent readdressed =
        withEnvelope(
            content,
            0,
            e -> new SealedEnvelope("dk_ada_tablet", e.encapsulatedKey(), e.ciphertext()));

    assertFailsToOpen(
        () -> SealedMessages.open(MESSAGE_ID, readdressed, sameKeyOtherId, sender.toPublicKey()));
  }

  @Test
  void anEnvelopeSwappedIntoAnotherDevicesSlotFailsToOpen() {
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);
    SealedEnvelope forAda = content.envelopes().get(0);
    SealedContent swapped =
        withEnvelope(
            content,
            2,
            e ->
                new SealedEnvelope(
                    e.recipientDeviceKeyId(), forAda.encapsulatedKey(), forAda.ciphertext()));

    assertFailsToOpen(
        () -> SealedMessages.open(MESSAGE_ID, swapped, devices.get(2), sender.toPublicKey()));
  }

  @Test
  void aWrongSenderPublicKeyFailsToOpen() {
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);
    DevicePublicKey impostor =
        new DevicePublicKey(
            "dk_sender_1", DevicePrivateKey.generate("x", random).toPublicKey().publicKey());

    assertFailsToOpen(() -> SealedMessages.open(MESSAGE_ID, content, devices.get(0), impostor));
  }

  @Test
  void contentCreditedToAnotherSenderKeyIdFailsToOpen() {
    // Same sender key under another id: only the aad tells them apart.
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);
    SealedContent recredited =
        new SealedContent(content.algorithm(), "dk_sender_2", content.envelopes());
    DevicePublicKey sameKeyOtherId =
        new DevicePublicKey("dk_sender_2", sender.toPublicKey().publicKey());

    assertFailsToOpen(
        () -> SealedMessages.open(MESSAGE_ID, recredited, devices.get(0), sameKeyOtherId));
  }

  @Test
  void aSenderPublicKeyForAnotherKeyIdThanTheContentNamesIsRefused() {
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);
    DevicePublicKey otherId = new DevicePublicKey("dk_sender_2", sender.toPublicKey().publicKey());

    assertFailsToOpen(() -> SealedMessages.open(MESSAGE_ID, content, devices.get(0), otherId));
  }

  @Test
  void contentOfAnotherAlgorithmIsRefused() {
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);
    SealedContent other =
        new SealedContent(
            "HPKE-X25519-HKDF-SHA256-AES-256-GCM",
            content.senderDeviceKeyId(),
            content.envelopes());

    assertFailsToOpen(
        () -> SealedMessages.open(MESSAGE_ID, other, devices.get(0), sender.toPublicKey()));
  }

  @Test
  void aDeviceWithoutAnEnvelopeIsRefused() {
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients.subList(0, 2), PLAINTEXT);

    assertFailsToOpen(
            () -> SealedMessages.open(MESSAGE_ID, content, devices.get(2), sender.toPublicKey()))
        .hasMessageContaining("no envelope for device key 'dk_bo_phone'");
  }

  @Test
  void envelopeFieldsThatAreNotBase64OrTooShortAreRefused() {
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);

    assertFailsToOpen(
        () ->
            SealedMessages.open(
                MESSAGE_ID,
                withEnvelope(
                    content,
                    0,
                    e ->
                        new SealedEnvelope(
                            e.recipientDeviceKeyId(), "not base64!", e.ciphertext())),
                devices.get(0),
                sender.toPublicKey()));
    assertFailsToOpen(
            () ->
                SealedMessages.open(
                    MESSAGE_ID,
                    withEnvelope(
                        content,
                        0,
                        e -> new SealedEnvelope(e.recipientDeviceKeyId(), "AAAA", e.ciphertext())),
                    devices.get(0),
                    sender.toPublicKey()))
        .hasMessageContaining("must be 32 bytes, was 3 bytes");
    assertFailsToOpen(
        () ->
            SealedMessages.open(
                MESSAGE_ID,
                withEnvelope(
                    content,
                    0,
                    e -> new SealedEnvelope(e.recipientDeviceKeyId(), e.encapsulatedKey(), "AAAA")),
                devices.get(0),
                sender.toPublicKey()));
  }

  @Test
  void failuresNeverShowKeysOrPlaintext() {
    SealedContent content = sealer.seal(MESSAGE_ID, sender, recipients, PLAINTEXT);
    SealedContent tampered =
        withEnvelope(
            content,
            0,
            e ->
                new SealedEnvelope(
                    e.recipientDeviceKeyId(), e.encapsulatedKey(), flipOneByte(e.ciphertext())));
    DevicePrivateKey device = devices.get(0);

    String message =
        assertFailsToOpen(
                () -> SealedMessages.open(MESSAGE_ID, tampered, device, sender.toPublicKey()))
            .actual()
            .getMessage();

    assertThat(message)
        .contains("dk_ada_phone", MESSAGE_ID)
        .doesNotContain(Base64.getEncoder().encodeToString(device.privateKey()))
        .doesNotContain(HexFormat.of().formatHex(device.privateKey()))
        .doesNotContain(new String(PLAINTEXT, StandardCharsets.UTF_8));
    assertThat(device.toString()).isEqualTo("DevicePrivateKey[keyId=dk_ada_phone]");
  }

  @Test
  void keysOfTheWrongLengthAreRefusedClearly() {
    assertThatThrownBy(() -> new DevicePublicKey("dk_ada_phone", new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "public key of device key 'dk_ada_phone' must be a raw 32-byte X25519 key, was 31 bytes");
    assertThatThrownBy(() -> new DevicePrivateKey("dk_sender_1", new byte[64]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "private key of device key 'dk_sender_1' must be a raw 32-byte X25519 key, was 64 bytes");
    // An X.509 SubjectPublicKeyInfo (44 bytes) is not a raw key.
    String spki = Base64.getEncoder().encodeToString(new byte[44]);
    assertThatThrownBy(() -> DevicePublicKey.fromBase64("dk_ada_phone", spki))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 44 bytes");
    assertThatThrownBy(() -> DevicePublicKey.fromBase64("dk_ada_phone", "not base64!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("public key of device key 'dk_ada_phone' is not base64");
    assertThatThrownBy(
            () ->
                Hpke.create()
                    .sealAuth(new byte[16], new byte[0], new byte[0], PLAINTEXT, new byte[32]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("X25519 recipient public key must be 32 raw bytes, was 16 bytes");
    assertThatThrownBy(
            () ->
                Hpke.openAuth(
                    new byte[32],
                    new byte[32],
                    new byte[0],
                    new byte[0],
                    new byte[16],
                    new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("X25519 sender public key must be 32 raw bytes, was 0 bytes");
  }

  @Test
  void aRecipientKeyOfSmallOrderIsRefusedWhenSealing() {
    DevicePublicKey zero = new DevicePublicKey("dk_broken", new byte[32]);

    assertThatThrownBy(() -> sealer.seal(MESSAGE_ID, sender, List.of(zero), PLAINTEXT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("recipient device key 'dk_broken': ");
  }

  @Test
  void recipientListsMustBeNonEmptyBoundedAndWithoutRepeats() {
    assertThatThrownBy(() -> sealer.seal(MESSAGE_ID, sender, List.of(), PLAINTEXT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                sealer.seal(
                    MESSAGE_ID, sender, List.of(recipients.get(0), recipients.get(0)), PLAINTEXT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recipient device key 'dk_ada_phone' is listed twice");
    List<DevicePublicKey> tooMany = new ArrayList<>();
    for (int i = 0; i <= SealedMessages.MAX_RECIPIENTS; i++) {
      tooMany.add(new DevicePublicKey("dk_" + i, recipients.get(0).publicKey()));
    }
    assertThatThrownBy(() -> sealer.seal(MESSAGE_ID, sender, tooMany, PLAINTEXT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aadIsTheDocumentedLengthPrefixedLayout() {
    // docs/sealed-messages.md shows this example byte by byte.
    byte[] aad = SealedMessages.aad("m1", "dk_s", "dk_r");

    assertThat(HexFormat.of().formatHex(aad))
        .isEqualTo("00000002" + "6d31" + "00000004" + "646b5f73" + "00000004" + "646b5f72");
  }

  @Test
  void aadFieldsCannotRunIntoEachOther() {
    assertThat(SealedMessages.aad("ab", "c", "d")).isNotEqualTo(SealedMessages.aad("a", "bc", "d"));
    assertThat(SealedMessages.aad("é", "c", "d")).startsWith(0, 0, 0, 2, 0xc3, 0xa9);
  }

  @Test
  void aadRefusesEmptyIdsAndIdsThatAreNotValidUnicode() {
    assertThatThrownBy(() -> SealedMessages.aad("", "dk_s", "dk_r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the message id must not be empty");
    assertThatThrownBy(() -> SealedMessages.aad("m\uD800", "dk_s", "dk_r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the message id is not valid Unicode");
  }

  @Test
  void infoIsTheDocumentedAsciiLabel() {
    assertThat(SealedMessages.INFO).isEqualTo("switchboard sealed v1");
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertFailsToOpen(
      ThrowingCallable open) {
    return assertThatThrownBy(open).isInstanceOf(SealedMessageException.class);
  }

  private static SealedContent withEnvelope(
      SealedContent content, int index, UnaryOperator<SealedEnvelope> change) {
    List<SealedEnvelope> envelopes = new ArrayList<>(content.envelopes());
    envelopes.set(index, change.apply(envelopes.get(index)));
    return new SealedContent(content.algorithm(), content.senderDeviceKeyId(), envelopes);
  }

  private static String flipOneByte(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    bytes[bytes.length / 2] ^= 0x01;
    return Base64.getEncoder().encodeToString(bytes);
  }
}
