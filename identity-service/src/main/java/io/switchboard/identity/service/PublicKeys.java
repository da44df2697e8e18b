package io.switchboard.identity.service;

import io.switchboard.service.rest.ApiException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Checks a device's public key before it is stored: X25519 (sealing) or Ed25519 (signing), as the
 * raw 32-byte key or its X.509 SubjectPublicKeyInfo, in base64. Anything that is a private key is
 * refused outright, and neither the key nor the refusal ever echoes the submitted bytes. Keys are
 * stored and served in their raw 32-byte form (RFC 7748 / RFC 8032).
 */
public final class PublicKeys {
  public static final List<String> ALGORITHMS = List.of("X25519", "Ed25519");

  private static final int RAW_LENGTH = 32;
  private static final int MAX_TEXT_LENGTH = 512;
  // SubjectPublicKeyInfo DER up to the key bytes: SEQUENCE, AlgorithmIdentifier(OID), BIT STRING.
  private static final byte[] X25519_PREFIX = hex("302a300506032b656e032100");
  private static final byte[] ED25519_PREFIX = hex("302a300506032b6570032100");
  private static final List<String> PRIVATE_KEY_FACTORIES =
      List.of("X25519", "Ed25519", "X448", "Ed448", "EC", "RSA");

  private PublicKeys() {}

  /** A checked public key; never printed. */
  public record Checked(String algorithm, byte[] raw) {
    @Override
    public String toString() {
      return "PublicKey[" + algorithm + "]";
    }
  }

  /**
   * Checks one submitted key; {@code field} names it in refusals, e.g. {@code keys[0]} or the empty
   * string for a key that is the whole body.
   */
  public static Checked check(String algorithm, String publicKey, String field) {
    String algorithmField = field.isEmpty() ? "algorithm" : field + ".algorithm";
    String keyField = field.isEmpty() ? "publicKey" : field + ".publicKey";
    if (algorithm == null || !ALGORITHMS.contains(algorithm)) {
      throw Refusals.invalid(algorithmField, "must be X25519 or Ed25519");
    }
    if (publicKey == null || publicKey.isBlank()) {
      throw Refusals.invalid(keyField, "is required");
    }
    if (publicKey.length() > MAX_TEXT_LENGTH) {
      throw Refusals.invalid(keyField, "is too long for an X25519 or Ed25519 public key");
    }
    if (publicKey.contains("PRIVATE KEY")) {
      throw privateKey(keyField);
    }
    byte[] bytes = decode(publicKey.strip());
    if (bytes == null) {
      throw Refusals.invalid(keyField, "must be base64");
    }
    if (isPrivateKey(bytes)) {
      throw privateKey(keyField);
    }
    byte[] prefix = algorithm.equals("X25519") ? X25519_PREFIX : ED25519_PREFIX;
    byte[] encoded = bytes.length == RAW_LENGTH ? concat(prefix, bytes) : bytes;
    PublicKey key = parse(algorithm, encoded);
    byte[] canonical = key == null ? null : key.getEncoded();
    if (canonical == null
        || canonical.length != prefix.length + RAW_LENGTH
        || !Arrays.equals(canonical, 0, prefix.length, prefix, 0, prefix.length)) {
      throw Refusals.invalid(
          keyField,
          "must be a raw 32-byte "
              + algorithm
              + " public key or its X.509 SubjectPublicKeyInfo, in base64");
    }
    return new Checked(algorithm, Arrays.copyOfRange(canonical, prefix.length, canonical.length));
  }

  private static PublicKey parse(String algorithm, byte[] encoded) {
    try {
      return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  private static boolean isPrivateKey(byte[] bytes) {
    for (String factory : PRIVATE_KEY_FACTORIES) {
      try {
        KeyFactory.getInstance(factory).generatePrivate(new PKCS8EncodedKeySpec(bytes));
        return true;
      } catch (GeneralSecurityException | RuntimeException e) {
        // Not a private key of this kind.
      }
    }
    return false;
  }

  private static byte[] decode(String text) {
    boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
    try {
      return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static ApiException privateKey(String field) {
    return Refusals.invalid(
        field, "is a private key: private keys are never accepted, send only the public half");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static byte[] hex(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }
}
