package io.switchboard.events.sealed;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Single-shot HPKE (RFC 9180) with one fixed suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and
 * AES-128-GCM, in the base and the auth mode. The suite is fixed because every primitive in it is
 * in the JDK and in browsers' WebCrypto (X25519, HKDF, AES-GCM), so a web client can seal and open
 * the same envelopes without a crypto library, and RFC 9180 Appendix A.1 publishes test vectors for
 * exactly this suite.
 *
 * <p>Single shot means one message per encryption context: the AEAD nonce is the context's {@code
 * base_nonce} (sequence number 0) and no context is kept. Keys are raw 32-byte X25519 keys (RFC
 * 7748); {@code enc} is the sender's raw ephemeral public key.
 *
 * <p>Sealing uses a fresh ephemeral key pair from a {@link SecureRandom} every time. Opening
 * methods are static because they need no randomness.
 */
public final class Hpke {
  /** DHKEM(X25519, HKDF-SHA256). */
  public static final int KEM_ID = 0x0020;

  /** HKDF-SHA256. */
  public static final int KDF_ID = 0x0001;

  /** AES-128-GCM. */
  public static final int AEAD_ID = 0x0001;

  /** Encryption to a public key, no sender authentication. */
  public static final int MODE_BASE = 0x00;

  /** Encryption to a public key, authenticated by the sender's static X25519 key. */
  public static final int MODE_AUTH = 0x02;

  /** Length of raw public keys, private keys and {@code enc} (Npk, Nsk, Nenc). */
  public static final int KEY_LENGTH = X25519.KEY_LENGTH;

  /** Bytes the AEAD adds to the plaintext (Nt). */
  public static final int TAG_LENGTH = 16;

  private static final int SECRET_LENGTH = 32; // Nsecret
  private static final int HASH_LENGTH = 32; // Nh
  private static final int AEAD_KEY_LENGTH = 16; // Nk
  private static final int NONCE_LENGTH = 12; // Nn
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] VERSION = ascii("HPKE-v1");
  private static final byte[] KEM_SUITE_ID = concat(ascii("KEM"), i2osp2(KEM_ID));
  private static final byte[] HPKE_SUITE_ID =
      concat(ascii("HPKE"), i2osp2(KEM_ID), i2osp2(KDF_ID), i2osp2(AEAD_ID));

  /** Where ephemeral key pairs come from; only tests replace the random source. */
  @FunctionalInterface
  interface EphemeralKeys {
    X25519KeyPair next();
  }

  /**
   * The output of a single-shot seal.
   *
   * @param enc the encapsulated key: the sender's raw ephemeral X25519 public key
   * @param ciphertext the AEAD ciphertext, the tag included
   */
  public record Sealed(byte[] enc, byte[] ciphertext) {
    public Sealed {
      enc = enc.clone();
      ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] enc() {
      return enc.clone();
    }

    @Override
    public byte[] ciphertext() {
      return ciphertext.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Sealed that
          && Arrays.equals(enc, that.enc)
          && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(enc) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
      return "Sealed[" + enc.length + " bytes enc, " + ciphertext.length + " bytes ciphertext]";
    }
  }

  /** The KEM's output: the shared secret and its encapsulation. */
  record Encapsulation(byte[] sharedSecret, byte[] enc) {}

  /** What the key schedule yields for single-shot use (the exporter secret is not needed). */
  record Context(byte[] key, byte[] baseNonce) {}

  private final EphemeralKeys ephemeralKeys;

  private Hpke(EphemeralKeys ephemeralKeys) {
    this.ephemeralKeys = ephemeralKeys;
  }

  /** An HPKE sealer whose ephemeral keys come from a new {@link SecureRandom}. */
  public static Hpke create() {
    return withRandom(new SecureRandom());
  }

  /** An HPKE sealer whose ephemeral keys come from the given {@link SecureRandom}. */
  public static Hpke withRandom(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return new Hpke(() -> X25519KeyPair.generate(random));
  }

  /**
   * An HPKE sealer with chosen ephemeral keys, to reproduce test vectors. Never for real messages:
   * a reused ephemeral key gives every message sealed to a recipient the same KEM shared secret.
   */
  static Hpke withEphemeralKeys(EphemeralKeys ephemeralKeys) {
    return new Hpke(Objects.requireNonNull(ephemeralKeys, "ephemeralKeys"));
  }

  /**
   * RFC 9180 section 7.1.3, DeriveKeyPair for X25519: a key pair derived from input keying
   * material, so a key can be re-created from a seed and the RFC's test vectors reproduced.
   *
   * @param ikm at least 32 bytes of secret input keying material
   */
  public static X25519KeyPair deriveKeyPair(byte[] ikm) {
    Objects.requireNonNull(ikm, "ikm");
    if (ikm.length < KEY_LENGTH) {
      throw new IllegalArgumentException(
          "ikm must be at least " + KEY_LENGTH + " bytes, was " + ikm.length + " bytes");
    }
    byte[] dkpPrk = labeledExtract(KEM_SUITE_ID, EMPTY, "dkp_prk", ikm);
    byte[] sk = labeledExpand(KEM_SUITE_ID, dkpPrk, "sk", EMPTY, KEY_LENGTH);
    try {
      return X25519KeyPair.of(sk);
    } finally {
      Arrays.fill(dkpPrk, (byte) 0);
      Arrays.fill(sk, (byte) 0);
    }
  }

  /**
   * Seals a plaintext to a recipient's public key without authenticating the sender (mode_base).
   *
   * @throws IllegalArgumentException when the recipient's key is not 32 bytes or not usable
   */
  public Sealed sealBase(byte[] recipientPublicKey, byte[] info, byte[] aad, byte[] plaintext) {
    Encapsulation encapsulation = encap(recipientPublicKey);
    return seal(MODE_BASE, encapsulation, info, aad, plaintext);
  }

  /**
   * Seals a plaintext to a recipient's public key, authenticated by the sender's private key
   * (mode_auth): only the holder of that key could have sealed what opens with its public key.
   *
   * @throws IllegalArgumentException when a key is not 32 bytes or not usable
   */
  public Sealed sealAuth(
      byte[] recipientPublicKey,
      byte[] info,
      byte[] aad,
      byte[] plaintext,
      byte[] senderPrivateKey) {
    X25519.requireLength(recipientPublicKey, "recipient public key");
    X25519.requireLength(senderPrivateKey, "sender private key");
    return sealAuth(
        recipientPublicKey,
        info,
        aad,
        plaintext,
        senderPrivateKey,
        X25519.publicKeyOf(senderPrivateKey));
  }

  /**
   * {@link #sealAuth(byte[], byte[], byte[], byte[], byte[])} with the sender's public key already
   * computed, so that sealing one message for many devices derives it once, not per envelope. The
   * caller guarantees that {@code senderPublicKey} is the public key of {@code senderPrivateKey}.
   */
  Sealed sealAuth(
      byte[] recipientPublicKey,
      byte[] info,
      byte[] aad,
      byte[] plaintext,
      byte[] senderPrivateKey,
      byte[] senderPublicKey) {
    Encapsulation encapsulation = authEncap(recipientPublicKey, senderPrivateKey, senderPublicKey);
    return seal(MODE_AUTH, encapsulation, info, aad, plaintext);
  }

  /**
   * Opens what {@link #sealBase} sealed.
   *
   * @throws SealedMessageException when {@code enc} or the ciphertext are malformed or do not
   *     authenticate under this key, info and aad
   * @throws IllegalArgumentException when the recipient's private key is not 32 bytes
   */
  public static byte[] openBase(
      byte[] enc, byte[] recipientPrivateKey, byte[] info, byte[] aad, byte[] ciphertext)
      throws SealedMessageException {
    byte[] sharedSecret = decap(enc, recipientPrivateKey);
    return open(MODE_BASE, sharedSecret, info, aad, ciphertext);
  }

  /**
   * Opens what {@link #sealAuth} sealed, checking that the holder of the sender's private key
   * sealed it.
   *
   * @throws SealedMessageException when {@code enc} or the ciphertext are malformed or do not
   *     authenticate under these keys, info and aad
   * @throws IllegalArgumentException when a key is not 32 bytes
   */
  public static byte[] openAuth(
      byte[] enc,
      byte[] recipientPrivateKey,
      byte[] info,
      byte[] aad,
      byte[] ciphertext,
      byte[] senderPublicKey)
      throws SealedMessageException {
    byte[] sharedSecret = authDecap(enc, recipientPrivateKey, senderPublicKey);
    return open(MODE_AUTH, sharedSecret, info, aad, ciphertext);
  }

  // --- KEM: DHKEM(X25519, HKDF-SHA256), RFC 9180 section 4.1 ---

  Encapsulation encap(byte[] recipientPublicKey) {
    X25519.requireLength(recipientPublicKey, "recipient public key");
    X25519KeyPair ephemeral = ephemeralKeys.next();
    byte[] skE = ephemeral.privateKey();
    byte[] enc = ephemeral.publicKey();
    byte[] dh = sealerDh(skE, recipientPublicKey);
    Arrays.fill(skE, (byte) 0);
    byte[] kemContext = concat(enc, recipientPublicKey);
    return new Encapsulation(extractAndExpand(dh, kemContext), enc);
  }

  Encapsulation authEncap(byte[] recipientPublicKey, byte[] senderPrivateKey) {
    X25519.requireLength(recipientPublicKey, "recipient public key");
    X25519.requireLength(senderPrivateKey, "sender private key");
    return authEncap(recipientPublicKey, senderPrivateKey, X25519.publicKeyOf(senderPrivateKey));
  }

  /** AuthEncap with the sender's public key given: it must be that of the private key. */
  Encapsulation authEncap(
      byte[] recipientPublicKey, byte[] senderPrivateKey, byte[] senderPublicKey) {
    X25519.requireLength(recipientPublicKey, "recipient public key");
    X25519.requireLength(senderPrivateKey, "sender private key");
    X25519.requireLength(senderPublicKey, "sender public key");
    X25519KeyPair ephemeral = ephemeralKeys.next();
    byte[] skE = ephemeral.privateKey();
    byte[] enc = ephemeral.publicKey();
    byte[] dhE = sealerDh(skE, recipientPublicKey);
    byte[] dhS = sealerDh(senderPrivateKey, recipientPublicKey);
    Arrays.fill(skE, (byte) 0);
    byte[] dh = concat(dhE, dhS);
    Arrays.fill(dhE, (byte) 0);
    Arrays.fill(dhS, (byte) 0);
    byte[] kemContext = concat(enc, recipientPublicKey, senderPublicKey);
    return new Encapsulation(extractAndExpand(dh, kemContext), enc);
  }

  static byte[] decap(byte[] enc, byte[] recipientPrivateKey) throws SealedMessageException {
    X25519.requireLength(recipientPrivateKey, "recipient private key");
    requireEnc(enc);
    byte[] dh = openerDh(recipientPrivateKey, enc, "the encapsulated key");
    byte[] kemContext = concat(enc, X25519.publicKeyOf(recipientPrivateKey));
    return extractAndExpand(dh, kemContext);
  }

  static byte[] authDecap(byte[] enc, byte[] recipientPrivateKey, byte[] senderPublicKey)
      throws SealedMessageException {
    X25519.requireLength(recipientPrivateKey, "recipient private key");
    X25519.requireLength(senderPublicKey, "sender public key");
    requireEnc(enc);
    byte[] dhE = openerDh(recipientPrivateKey, enc, "the encapsulated key");
    byte[] dhS = openerDh(recipientPrivateKey, senderPublicKey, "the sender public key");
    byte[] dh = concat(dhE, dhS);
    Arrays.fill(dhE, (byte) 0);
    Arrays.fill(dhS, (byte) 0);
    byte[] kemContext =
        concat(enc, X25519.publicKeyOf(recipientPrivateKey), senderPublicKey.clone());
    return extractAndExpand(dh, kemContext);
  }

  private static byte[] extractAndExpand(byte[] dh, byte[] kemContext) {
    byte[] eaePrk = labeledExtract(KEM_SUITE_ID, EMPTY, "eae_prk", dh);
    Arrays.fill(dh, (byte) 0);
    byte[] sharedSecret =
        labeledExpand(KEM_SUITE_ID, eaePrk, "shared_secret", kemContext, SECRET_LENGTH);
    Arrays.fill(eaePrk, (byte) 0);
    return sharedSecret;
  }

  private static byte[] sealerDh(byte[] privateKey, byte[] recipientPublicKey) {
    try {
      return X25519.dh(privateKey, recipientPublicKey);
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException(
          "the recipient public key is not a usable X25519 key (it has small order)");
    }
  }

  private static byte[] openerDh(byte[] privateKey, byte[] publicKey, String which)
      throws SealedMessageException {
    try {
      return X25519.dh(privateKey, publicKey);
    } catch (InvalidKeyException e) {
      throw new SealedMessageException(which + " is not a usable X25519 key (it has small order)");
    }
  }

  private static void requireEnc(byte[] enc) throws SealedMessageException {
    if (enc == null || enc.length != KEY_LENGTH) {
      throw new SealedMessageException(
          "the encapsulated key must be "
              + KEY_LENGTH
              + " bytes, was "
              + (enc == null ? "missing" : enc.length + " bytes"));
    }
  }

  // --- Key schedule, RFC 9180 section 5.1, for the modes without a PSK ---

  static Context keySchedule(int mode, byte[] sharedSecret, byte[] info) {
    if (mode != MODE_BASE && mode != MODE_AUTH) {
      throw new IllegalArgumentException("only mode_base and mode_auth are supported");
    }
    Objects.requireNonNull(info, "info");
    // No PSK in these modes: psk and psk_id are empty (VerifyPSKInputs holds trivially).
    byte[] pskIdHash = labeledExtract(HPKE_SUITE_ID, EMPTY, "psk_id_hash", EMPTY);
    byte[] infoHash = labeledExtract(HPKE_SUITE_ID, EMPTY, "info_hash", info);
    byte[] keyScheduleContext = concat(new byte[] {(byte) mode}, pskIdHash, infoHash);
    byte[] secret = labeledExtract(HPKE_SUITE_ID, sharedSecret, "secret", EMPTY);
    byte[] key = labeledExpand(HPKE_SUITE_ID, secret, "key", keyScheduleContext, AEAD_KEY_LENGTH);
    byte[] baseNonce =
        labeledExpand(HPKE_SUITE_ID, secret, "base_nonce", keyScheduleContext, NONCE_LENGTH);
    Arrays.fill(secret, (byte) 0);
    return new Context(key, baseNonce);
  }

  // --- Single-shot seal and open: sequence number 0, so the nonce is base_nonce ---

  private static Sealed seal(
      int mode, Encapsulation encapsulation, byte[] info, byte[] aad, byte[] plaintext) {
    Objects.requireNonNull(aad, "aad");
    Objects.requireNonNull(plaintext, "plaintext");
    Context context = keySchedule(mode, encapsulation.sharedSecret(), info);
    Arrays.fill(encapsulation.sharedSecret(), (byte) 0);
    try {
      Cipher cipher = aead(Cipher.ENCRYPT_MODE, context);
      cipher.updateAAD(aad);
      return new Sealed(encapsulation.enc(), cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-128-GCM is required of every Java 17 runtime", e);
    } finally {
      Arrays.fill(context.key(), (byte) 0);
    }
  }

  private static byte[] open(
      int mode, byte[] sharedSecret, byte[] info, byte[] aad, byte[] ciphertext)
      throws SealedMessageException {
    Objects.requireNonNull(aad, "aad");
    Context context = keySchedule(mode, sharedSecret, info);
    Arrays.fill(sharedSecret, (byte) 0);
    if (ciphertext == null || ciphertext.length < TAG_LENGTH) {
      throw new SealedMessageException(
          "the ciphertext is shorter than the " + TAG_LENGTH + "-byte authentication tag");
    }
    try {
      Cipher cipher = aead(Cipher.DECRYPT_MODE, context);
      cipher.updateAAD(aad);
      return cipher.doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw new SealedMessageException(
          "the ciphertext does not authenticate: wrong keys, info or aad, or it was altered");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-128-GCM is required of every Java 17 runtime", e);
    } finally {
      Arrays.fill(context.key(), (byte) 0);
    }
  }

  private static Cipher aead(int opmode, Context context) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        opmode,
        new SecretKeySpec(context.key(), "AES"),
        new GCMParameterSpec(TAG_LENGTH * 8, context.baseNonce()));
    return cipher;
  }

  // --- Labeled HKDF-SHA256, RFC 9180 section 4, and HKDF itself, RFC 5869 ---

  static byte[] labeledExtract(byte[] suiteId, byte[] salt, String label, byte[] ikm) {
    return extract(salt, concat(VERSION, suiteId, ascii(label), ikm));
  }

  static byte[] labeledExpand(byte[] suiteId, byte[] prk, String label, byte[] info, int length) {
    return expand(prk, concat(i2osp2(length), VERSION, suiteId, ascii(label), info), length);
  }

  static byte[] extract(byte[] salt, byte[] ikm) {
    // An absent salt is HashLen zero bytes (RFC 5869 section 2.2); HMAC pads a shorter key with
    // zeros anyway, and the JDK refuses an empty key.
    byte[] key = salt.length == 0 ? new byte[HASH_LENGTH] : salt;
    return hmac(key).doFinal(ikm);
  }

  static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 0 || length > 255 * HASH_LENGTH) {
      throw new IllegalArgumentException("HKDF-Expand length out of range: " + length);
    }
    Mac mac = hmac(prk);
    byte[] out = new byte[length];
    byte[] block = EMPTY;
    int written = 0;
    for (int counter = 1; written < length; counter++) {
      mac.update(block);
      mac.update(info);
      mac.update((byte) counter);
      block = mac.doFinal();
      int n = Math.min(block.length, length - written);
      System.arraycopy(block, 0, out, written, n);
      written += n;
    }
    Arrays.fill(block, (byte) 0);
    return out;
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }

  // --- Encoding helpers ---

  private static byte[] i2osp2(int value) {
    return new byte[] {(byte) (value >>> 8), (byte) value};
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
