package io.switchboard.events.sealed;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * X25519 (RFC 7748) on raw 32-byte keys, on top of the JDK's XDH provider. Keys cross this API as
 * the bytes RFC 7748 and RFC 9180 define (and browsers' WebCrypto exports as {@code raw}), so the
 * JDK's key objects never leak into the wire format.
 */
final class X25519 {
  /** Length of a raw public key (the u-coordinate) and of a raw private key (the scalar). */
  static final int KEY_LENGTH = 32;

  /** The u-coordinate of the curve's base point, 9, as a raw public key. */
  private static final byte[] BASE_POINT = basePoint();

  private X25519() {}

  /**
   * The shared secret of a private and a public key: the raw 32-byte u-coordinate of the product.
   *
   * @throws InvalidKeyException when the result is all zeros (the public key has small order),
   *     which RFC 9180 section 7.1.4 requires to be refused
   */
  static byte[] dh(byte[] privateKey, byte[] publicKey) throws InvalidKeyException {
    requireLength(privateKey, "private key");
    requireLength(publicKey, "public key");
    try {
      KeyAgreement agreement = KeyAgreement.getInstance("X25519");
      agreement.init(toPrivateKey(privateKey));
      agreement.doPhase(toPublicKey(publicKey), true);
      byte[] shared = agreement.generateSecret();
      if (isAllZero(shared)) {
        // The JDK refuses this itself; checked again so the guarantee does not rest on it.
        throw new InvalidKeyException("X25519 result is all zeros");
      }
      return shared;
    } catch (InvalidKeyException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 is required of every Java 17 runtime", e);
    }
  }

  /** The raw public key of a raw private key: the scalar times the base point. */
  static byte[] publicKeyOf(byte[] privateKey) {
    try {
      return dh(privateKey, BASE_POINT);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("the base point has prime order", e);
    }
  }

  static void requireLength(byte[] key, String what) {
    if (key == null) {
      throw new IllegalArgumentException("X25519 " + what + " is missing");
    }
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException(
          "X25519 " + what + " must be " + KEY_LENGTH + " raw bytes, was " + key.length + " bytes");
    }
  }

  private static PrivateKey toPrivateKey(byte[] raw) throws GeneralSecurityException {
    // The JDK takes the scalar as given and clamps it (RFC 7748 section 5) when it multiplies.
    return KeyFactory.getInstance("XDH")
        .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, raw.clone()));
  }

  private static PublicKey toPublicKey(byte[] raw) throws GeneralSecurityException {
    return KeyFactory.getInstance("XDH")
        .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, uCoordinate(raw)));
  }

  /**
   * RFC 7748 section 5, decodeUCoordinate: the bytes are little-endian and the most significant bit
   * of the last byte is ignored. Values of p and above are accepted; the JDK reduces them modulo p
   * as RFC 7748 requires.
   */
  static BigInteger uCoordinate(byte[] raw) {
    byte[] bigEndian = new byte[KEY_LENGTH];
    for (int i = 0; i < KEY_LENGTH; i++) {
      bigEndian[i] = raw[KEY_LENGTH - 1 - i];
    }
    bigEndian[0] &= 0x7f;
    return new BigInteger(1, bigEndian);
  }

  private static boolean isAllZero(byte[] bytes) {
    int bits = 0;
    for (byte b : bytes) {
      bits |= b;
    }
    return bits == 0;
  }

  private static byte[] basePoint() {
    byte[] u = new byte[KEY_LENGTH];
    u[0] = 9;
    return u;
  }
}
