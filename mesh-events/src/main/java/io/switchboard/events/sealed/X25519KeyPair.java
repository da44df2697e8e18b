package io.switchboard.events.sealed;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A raw X25519 key pair, 32 bytes each (RFC 7748): what a device keeps and what HPKE's {@code
 * DeriveKeyPair} and ephemeral key generation yield. The arrays are copied in and out, so a caller
 * can wipe its own copy, and {@link #toString()} never shows the private key.
 *
 * @param privateKey the raw scalar, as generated (not clamped)
 * @param publicKey the raw u-coordinate, little-endian
 */
public record X25519KeyPair(byte[] privateKey, byte[] publicKey) {
  public X25519KeyPair {
    X25519.requireLength(privateKey, "private key");
    X25519.requireLength(publicKey, "public key");
    privateKey = privateKey.clone();
    publicKey = publicKey.clone();
  }

  /** The key pair of a raw private key; its public key is computed. */
  public static X25519KeyPair of(byte[] privateKey) {
    return new X25519KeyPair(privateKey, X25519.publicKeyOf(privateKey));
  }

  /**
   * A new random key pair. Any 32 random bytes are a valid X25519 private key (RFC 7748 section 5:
   * X25519 clamps the scalar when it uses it).
   */
  public static X25519KeyPair generate(SecureRandom random) {
    byte[] privateKey = new byte[X25519.KEY_LENGTH];
    random.nextBytes(privateKey);
    try {
      return of(privateKey);
    } finally {
      Arrays.fill(privateKey, (byte) 0);
    }
  }

  @Override
  public byte[] privateKey() {
    return privateKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof X25519KeyPair that
        && MessageDigest.isEqual(privateKey, that.privateKey)
        && MessageDigest.isEqual(publicKey, that.publicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "X25519KeyPair[publicKey=" + Base64.getEncoder().encodeToString(publicKey) + "]";
  }
}
