package io.switchboard.events.sealed;

import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * A device's own X25519 private key and its key id: what a device seals with (as the sender) and
 * opens with (as a recipient). It lives only on the device; the mesh never holds one. The key is
 * checked when the record is made, the array is copied in and out, and {@link #toString()} never
 * shows it.
 *
 * @param keyId the device key id the matching public key is published under
 * @param privateKey the raw 32-byte X25519 private key (the scalar, as generated)
 */
public record DevicePrivateKey(String keyId, byte[] privateKey) {
  /** The longest key id, as the event schema allows. */
  public static final int MAX_KEY_ID_LENGTH = 256;

  public DevicePrivateKey {
    requireKeyId(keyId);
    DevicePublicKey.requireKey(keyId, privateKey, "private key");
    privateKey = privateKey.clone();
  }

  /** A new random device key for a key id; see {@link X25519KeyPair#generate}. */
  public static DevicePrivateKey generate(String keyId, SecureRandom random) {
    return new DevicePrivateKey(keyId, X25519KeyPair.generate(random).privateKey());
  }

  @Override
  public byte[] privateKey() {
    return privateKey.clone();
  }

  /** The public half, to publish or to hand to whoever opens what this device seals. */
  public DevicePublicKey toPublicKey() {
    return new DevicePublicKey(keyId, X25519.publicKeyOf(privateKey));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DevicePrivateKey that
        && keyId.equals(that.keyId)
        && MessageDigest.isEqual(privateKey, that.privateKey);
  }

  @Override
  public int hashCode() {
    return keyId.hashCode();
  }

  @Override
  public String toString() {
    return "DevicePrivateKey[keyId=" + keyId + "]";
  }

  static void requireKeyId(String keyId) {
    if (keyId == null || keyId.isEmpty()) {
      throw new IllegalArgumentException("a device key id must not be empty");
    }
    if (keyId.length() > MAX_KEY_ID_LENGTH) {
      throw new IllegalArgumentException(
          "a device key id must be at most " + MAX_KEY_ID_LENGTH + " characters");
    }
  }
}
