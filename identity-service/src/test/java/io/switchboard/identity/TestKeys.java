package io.switchboard.identity;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/** Fresh key pairs as devices would make them; only the tests ever see the private halves. */
public final class TestKeys {
  private TestKeys() {}

  public static KeyPair x25519() {
    return generate("X25519");
  }

  public static KeyPair ed25519() {
    return generate("Ed25519");
  }

  /** The raw 32-byte public key, base64. */
  public static String raw(KeyPair pair) {
    byte[] spki = pair.getPublic().getEncoded();
    return Base64.getEncoder()
        .encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
  }

  /** The public key as X.509 SubjectPublicKeyInfo DER, base64. */
  public static String spki(KeyPair pair) {
    return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
  }

  /** The private key as PKCS#8 DER, base64: what a careless client might send. */
  public static String pkcs8(KeyPair pair) {
    return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
  }

  /** A device registration body with one key. */
  public static String deviceBody(String name, String algorithm, String publicKey) {
    return "{\"name\":\""
        + name
        + "\",\"keys\":[{\"algorithm\":\""
        + algorithm
        + "\",\"publicKey\":\""
        + publicKey
        + "\"}]}";
  }

  private static KeyPair generate(String algorithm) {
    try {
      return KeyPairGenerator.getInstance(algorithm).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
