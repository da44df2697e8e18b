package io.switchboard.events.sealed;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A device's public X25519 key and the key id the identity service publishes it under: whom an
 * envelope is sealed to, or whose seal an opened envelope must carry. The key is checked when the
 * record is made, so a key of the wrong length is refused before any sealing or opening.
 *
 * @param keyId the device key id, as in {@code recipientDeviceKeyId} or {@code senderDeviceKeyId}
 * @param publicKey the raw 32-byte X25519 public key (RFC 7748 u-coordinate, little-endian)
 */
public record DevicePublicKey(String keyId, byte[] publicKey) {
  public DevicePublicKey {
    DevicePrivateKey.requireKeyId(keyId);
    requireKey(keyId, publicKey, "public key");
    publicKey = publicKey.clone();
  }

  /**
   * A device key as the identity service lists it: the raw 32-byte key in standard base64.
   *
   * @throws IllegalArgumentException when the text is not base64 or not of a 32-byte key
   */
  public static DevicePublicKey fromBase64(String keyId, String base64PublicKey) {
    Objects.requireNonNull(base64PublicKey, "base64PublicKey");
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64PublicKey);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("public key of device key '" + keyId + "' is not base64");
    }
    return new DevicePublicKey(keyId, raw);
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The key in standard base64, as the identity service lists it. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DevicePublicKey that
        && keyId.equals(that.keyId)
        && Arrays.equals(publicKey, that.publicKey);
  }

  @Override
  public int hashCode() {
    return 31 * keyId.hashCode() + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "DevicePublicKey[keyId=" + keyId + ", publicKey=" + publicKeyBase64() + "]";
  }

  static void requireKey(String keyId, byte[] key, String what) {
    if (key == null) {
      throw new IllegalArgumentException(what + " of device key '" + keyId + "' is missing");
    }
    if (key.length != X25519.KEY_LENGTH) {
      throw new IllegalArgumentException(
          what
              + " of device key '"
              + keyId
              + "' must be a raw "
              + X25519.KEY_LENGTH
              + "-byte X25519 key, was "
              + key.length
              + " bytes");
    }
  }
}
