package io.switchboard.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;

/**
 * A throwaway key pair and RS256 tokens made with the JDK alone, as the mesh's token issuer makes
 * them, for system tests and benchmarks: the services get only the public key, as in production.
 */
public final class LocalJwt {
  public static final String ISSUER = "https://switchboard.local";
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private final KeyPair keys;

  private LocalJwt(KeyPair keys) {
    this.keys = keys;
  }

  /** A new RSA 2048 key pair. */
  public static LocalJwt generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return new LocalJwt(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the public key as PEM, for MP_JWT_VERIFY_PUBLICKEY_LOCATION. */
  public Path writePublicKey(Path file) {
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A token of a mesh service (group {@code service}). */
  public String service() {
    return token("system-tests", "service");
  }

  /** A token of a person acting for themselves (group {@code person}). */
  public String person(String personId) {
    return token(personId, "person");
  }

  private String token(String subject, String group) {
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String claims =
        String.format(
            "{\"iss\":\"%s\",\"sub\":\"%s\",\"groups\":[\"%s\"],\"iat\":%d,\"exp\":%d}",
            ISSUER, subject, group, now, now + 600);
    String signingInput = encode(header) + "." + encode(claims);
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(keys.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String json) {
    return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
