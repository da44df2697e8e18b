package io.switchboard.events.sealed;

import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Seals a message on the sending device for each recipient device, and opens it on a recipient
 * device: the client side of end-to-end sealed content. The mesh only routes the resulting {@link
 * SealedContent}; it has no key that opens it.
 *
 * <p>Each envelope is HPKE ({@link Hpke}) in auth mode, so opening it also proves which device
 * sealed it, with {@code info} = {@value #INFO} and {@code aad} = {@link #aad}: the message id, the
 * sender's device key id and the recipient's device key id. An envelope copied into another
 * message, relabelled for another device, or credited to another sender key id fails to open.
 *
 * <p>A group message is sealed the same way, one envelope per member device, by the sender
 * (client-side fan-out). See {@code docs/sealed-messages.md}.
 */
public final class SealedMessages {
  /** The {@code algorithm} of content sealed here. */
  public static final String ALGORITHM = "HPKE-X25519-HKDF-SHA256-AES-128-GCM";

  /** The HPKE {@code info} of every envelope, as ASCII bytes; the version is part of it. */
  public static final String INFO = "switchboard sealed v1";

  /** The most envelopes one sealed content may carry, as the event schema allows. */
  public static final int MAX_RECIPIENTS = 1024;

  private static final byte[] INFO_BYTES = INFO.getBytes(StandardCharsets.US_ASCII);

  private final Hpke hpke;

  /** Seals with ephemeral keys from a new {@link SecureRandom}. */
  public SealedMessages() {
    this(Hpke.create());
  }

  /** Seals with ephemeral keys from the given {@link SecureRandom}. */
  public SealedMessages(SecureRandom random) {
    this(Hpke.withRandom(random));
  }

  SealedMessages(Hpke hpke) {
    this.hpke = Objects.requireNonNull(hpke, "hpke");
  }

  /**
   * Seals a plaintext from the sender's device to each recipient device, one envelope each, in the
   * order given.
   *
   * @param messageId the id the message event will carry ({@code messageId}); the envelopes open
   *     only under that id
   * @param sender the sending device's key
   * @param recipients the recipient devices, 1 to {@value #MAX_RECIPIENTS}, no key id twice;
   *     include the sender's own other devices if they should read it too
   * @param plaintext the bytes to seal
   * @throws IllegalArgumentException when an id is empty or not valid Unicode, the recipients are
   *     empty, too many or repeat a key id, or a recipient's key is not a usable X25519 key
   */
  public SealedContent seal(
      String messageId,
      DevicePrivateKey sender,
      List<DevicePublicKey> recipients,
      byte[] plaintext) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(recipients, "recipients");
    Objects.requireNonNull(plaintext, "plaintext");
    if (recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
      throw new IllegalArgumentException(
          "sealed content needs 1 to " + MAX_RECIPIENTS + " recipient devices");
    }
    Set<String> seen = new HashSet<>();
    for (DevicePublicKey recipient : recipients) {
      Objects.requireNonNull(recipient, "recipient");
      if (!seen.add(recipient.keyId())) {
        throw new IllegalArgumentException(
            "recipient device key '" + recipient.keyId() + "' is listed twice");
      }
    }
    byte[] senderKey = sender.privateKey();
    // Once per message, not per envelope: every envelope's KEM context names the sender's key.
    byte[] senderPublicKey = X25519.publicKeyOf(senderKey);
    try {
      List<SealedEnvelope> envelopes = new ArrayList<>(recipients.size());
      for (DevicePublicKey recipient : recipients) {
        byte[] aad = aad(messageId, sender.keyId(), recipient.keyId());
        Hpke.Sealed sealed;
        try {
          sealed =
              hpke.sealAuth(
                  recipient.publicKey(), INFO_BYTES, aad, plaintext, senderKey, senderPublicKey);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "recipient device key '" + recipient.keyId() + "': " + e.getMessage());
        }
        envelopes.add(
            new SealedEnvelope(
                recipient.keyId(),
                Base64.getEncoder().encodeToString(sealed.enc()),
                Base64.getEncoder().encodeToString(sealed.ciphertext())));
      }
      return new SealedContent(ALGORITHM, sender.keyId(), envelopes);
    } finally {
      Arrays.fill(senderKey, (byte) 0);
    }
  }

  /**
   * Opens the envelope addressed to the recipient's device key id, and checks it was sealed by the
   * sender's device key for this message.
   *
   * @param messageId the {@code messageId} of the event the content came in
   * @param content the sealed content
   * @param recipient this device's key; its key id picks the envelope
   * @param sender the public key published under the content's {@code senderDeviceKeyId}
   * @return the plaintext
   * @throws SealedMessageException when the content is in another suite, names another sender key
   *     id, has no single envelope for this device, is not base64, or does not open under these
   *     keys for this message id
   */
  public static byte[] open(
      String messageId, SealedContent content, DevicePrivateKey recipient, DevicePublicKey sender)
      throws SealedMessageException {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(sender, "sender");
    if (!ALGORITHM.equals(content.algorithm())) {
      throw new SealedMessageException(
          "the content is sealed with another algorithm than " + ALGORITHM);
    }
    if (!sender.keyId().equals(content.senderDeviceKeyId())) {
      throw new SealedMessageException(
          "the content names another sender device key than '" + sender.keyId() + "'");
    }
    SealedEnvelope envelope = envelopeFor(content, recipient.keyId());
    String what =
        "the envelope for device key '" + recipient.keyId() + "' of message '" + messageId + "'";
    byte[] aad;
    try {
      aad = aad(messageId, content.senderDeviceKeyId(), envelope.recipientDeviceKeyId());
    } catch (IllegalArgumentException e) {
      throw new SealedMessageException(what + " cannot be opened: " + e.getMessage());
    }
    byte[] enc = base64(envelope.encapsulatedKey(), what, "encapsulated key");
    byte[] ciphertext = base64(envelope.ciphertext(), what, "ciphertext");
    byte[] recipientKey = recipient.privateKey();
    try {
      return Hpke.openAuth(enc, recipientKey, INFO_BYTES, aad, ciphertext, sender.publicKey());
    } catch (SealedMessageException e) {
      throw new SealedMessageException(what + " cannot be opened: " + e.getMessage());
    } finally {
      Arrays.fill(recipientKey, (byte) 0);
    }
  }

  /**
   * The HPKE {@code aad} of one envelope: three fields, each a 4-byte unsigned big-endian length
   * followed by that many bytes of UTF-8 (no normalisation, no terminator), in this order: the
   * message id, the sender's device key id, the recipient's device key id. The lengths make the
   * encoding unambiguous: no two different triples give the same bytes.
   *
   * @throws IllegalArgumentException when a field is empty or not valid Unicode (an unpaired
   *     surrogate would make two different strings encode alike)
   */
  public static byte[] aad(
      String messageId, String senderDeviceKeyId, String recipientDeviceKeyId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    field(out, "message id", messageId);
    field(out, "sender device key id", senderDeviceKeyId);
    field(out, "recipient device key id", recipientDeviceKeyId);
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the " + name + " must not be empty");
    }
    CharsetEncoder utf8 =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer encoded;
    try {
      encoded = utf8.encode(CharBuffer.wrap(value));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the " + name + " is not valid Unicode");
    }
    int length = encoded.remaining();
    out.writeBytes(ByteBuffer.allocate(4).putInt(length).array());
    byte[] bytes = new byte[length];
    encoded.get(bytes);
    out.writeBytes(bytes);
  }

  private static SealedEnvelope envelopeFor(SealedContent content, String keyId)
      throws SealedMessageException {
    SealedEnvelope found = null;
    for (SealedEnvelope envelope : content.envelopes()) {
      if (envelope != null && keyId.equals(envelope.recipientDeviceKeyId())) {
        if (found != null) {
          throw new SealedMessageException(
              "the content has more than one envelope for device key '" + keyId + "'");
        }
        found = envelope;
      }
    }
    if (found == null) {
      throw new SealedMessageException(
          "the content has no envelope for device key '" + keyId + "'");
    }
    return found;
  }

  private static byte[] base64(String text, String what, String field)
      throws SealedMessageException {
    if (text == null) {
      throw new SealedMessageException(what + " has no " + field);
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new SealedMessageException(what + " has a " + field + " that is not base64");
    }
  }
}
