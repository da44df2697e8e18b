package io.switchboard.whatsapp.inbound;

import static io.switchboard.whatsapp.inbound.InboundContext.blank;

import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.sealed.SealedMessages;
import io.switchboard.service.rest.ApiException;
import io.switchboard.whatsapp.keys.DeviceKeyCheck;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a sealed push and turns it into the mesh's {@link SealedContent}, carrying every string
 * byte for byte. It checks what can be checked without keys: the suite, the ids, that {@code enc}
 * and {@code ciphertext} are standard base64 of plausible lengths for the suite, the number of
 * envelopes and the total ciphertext size; then, when given a {@link DeviceKeyCheck}, that the
 * sender key and every recipient key are current device keys of linked persons, from this replica's
 * view of {@code identity.links} (the bridge never asks identity-service on this path). Whether an
 * envelope opens only the recipient's device can tell.
 *
 * <p>A refusal is a 400 whose message names the problem and the message id (and for an unknown key
 * the key id), never any ciphertext; while the key view is still loading, a 503 so WhatsApp
 * retries.
 */
final class SealedPushReader {
  static final String INVALID = "invalid_sealed_message";
  static final String TOO_LARGE = "sealed_message_too_large";
  static final String UNKNOWN_KEY = "unknown_device_key";
  static final String UNAVAILABLE = "unavailable";

  /** HPKE X25519 encapsulated key: the ephemeral public key, 32 bytes. */
  private static final int ENC_BYTES = 32;

  /** AES-128-GCM tag: a ciphertext is at least this long. */
  private static final int TAG_BYTES = 16;

  private static final int MAX_KEY_ID_LENGTH = 256;

  private final int maxCiphertextBytes;
  private final DeviceKeyCheck keys;

  /** A reader that does not check whether device key ids are known. */
  SealedPushReader(int maxCiphertextBytes) {
    this(maxCiphertextBytes, null);
  }

  /**
   * @param maxCiphertextBytes the most ciphertext one push may carry
   * @param keys the current device keys, or {@code null} not to check them
   */
  SealedPushReader(int maxCiphertextBytes, DeviceKeyCheck keys) {
    this.maxCiphertextBytes = maxCiphertextBytes;
    this.keys = keys;
  }

  SealedContent read(String messageId, SealedPush push) {
    if (push == null) {
      throw invalid(messageId, "a sealed message needs its sealed object");
    }
    if (!SealedMessages.ALGORITHM.equals(push.algorithm())) {
      throw invalid(messageId, "sealed.algorithm must be " + SealedMessages.ALGORITHM);
    }
    checkKeyId(messageId, push.senderDeviceKeyId(), "sealed.sender_device_key_id");
    List<SealedPush.Envelope> envelopes = push.envelopes();
    if (envelopes.isEmpty() || envelopes.size() > SealedMessages.MAX_RECIPIENTS) {
      throw invalid(
          messageId,
          "sealed.envelopes must hold 1 to " + SealedMessages.MAX_RECIPIENTS + " envelopes");
    }
    Set<String> keyIds = new HashSet<>();
    List<SealedEnvelope> sealed = new ArrayList<>(envelopes.size());
    long ciphertextBytes = 0;
    for (int i = 0; i < envelopes.size(); i++) {
      SealedPush.Envelope envelope = envelopes.get(i);
      String field = "sealed.envelopes[" + i + "]";
      checkKeyId(messageId, envelope.recipientDeviceKeyId(), field + ".recipient_device_key_id");
      if (!keyIds.add(envelope.recipientDeviceKeyId())) {
        throw invalid(messageId, field + " repeats a recipient_device_key_id");
      }
      if (decodedLength(envelope.enc()) != ENC_BYTES) {
        throw invalid(messageId, field + ".enc must be standard base64 of 32 bytes");
      }
      int length = decodedLength(envelope.ciphertext());
      if (length < TAG_BYTES) {
        throw invalid(
            messageId, field + ".ciphertext must be standard base64 of at least 16 bytes");
      }
      ciphertextBytes += length;
      sealed.add(
          new SealedEnvelope(
              envelope.recipientDeviceKeyId(), envelope.enc(), envelope.ciphertext()));
    }
    if (ciphertextBytes > maxCiphertextBytes) {
      throw new ApiException(
          400,
          TOO_LARGE,
          "a sealed message carries more than " + maxCiphertextBytes + " bytes of ciphertext",
          Map.of(
              "messageId",
              messageId,
              "ciphertextBytes",
              ciphertextBytes,
              "max",
              maxCiphertextBytes));
    }
    if (keys != null) {
      checkKnown(messageId, push);
    }
    return new SealedContent(push.algorithm(), push.senderDeviceKeyId(), sealed);
  }

  /** The sender key and every recipient key must be current; 503 while that cannot be told. */
  private void checkKnown(String messageId, SealedPush push) {
    if (!keys.ready()) {
      throw new ApiException(
          503,
          UNAVAILABLE,
          "device keys are still loading; retry later (nothing was written)",
          Map.of("messageId", messageId));
    }
    checkKnown(messageId, push.senderDeviceKeyId(), "sealed.sender_device_key_id");
    List<SealedPush.Envelope> envelopes = push.envelopes();
    for (int i = 0; i < envelopes.size(); i++) {
      checkKnown(
          messageId,
          envelopes.get(i).recipientDeviceKeyId(),
          "sealed.envelopes[" + i + "].recipient_device_key_id");
    }
  }

  private void checkKnown(String messageId, String keyId, String field) {
    if (!keys.isCurrent(keyId)) {
      throw new ApiException(
          400,
          UNKNOWN_KEY,
          field + " names a device key that is not current",
          Map.of("messageId", messageId, "keyId", keyId));
    }
  }

  private static void checkKeyId(String messageId, String keyId, String field) {
    if (blank(keyId) || keyId.length() > MAX_KEY_ID_LENGTH) {
      throw invalid(messageId, field + " must be 1 to " + MAX_KEY_ID_LENGTH + " characters");
    }
  }

  /**
   * The number of bytes {@code text} decodes to as padded standard base64 (RFC 4648 section 4), or
   * -1 when it is not that: no line breaks, no base64url, no missing padding.
   */
  static int decodedLength(String text) {
    if (text == null || text.isEmpty() || text.length() % 4 != 0) {
      return -1;
    }
    try {
      return Base64.getDecoder().decode(text).length;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  private static ApiException invalid(String messageId, String problem) {
    return new ApiException(400, INVALID, problem, Map.of("messageId", messageId));
  }
}
