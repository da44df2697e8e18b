package io.switchboard.identity.rest;

/**
 * A device's public key.
 *
 * @param algorithm X25519 (sealing) or Ed25519 (signing)
 * @param publicKey base64 of the raw 32-byte public key or of its X.509 SubjectPublicKeyInfo; never
 *     a private key
 */
public record KeyInput(String algorithm, String publicKey) {
  /** Never prints the key. */
  @Override
  public String toString() {
    return "KeyInput[algorithm=" + algorithm + "]";
  }
}
