package io.switchboard.systemtests;

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
 * The mesh's token signer for system tests: a fresh RSA key pair, its public key written where the
 * gateway reads it, and RS256 person tokens signed here with the JDK alone (independently of the
 * gateway's own JWT library).
 */
final class MeshTokens {
  static final String ISSUER = "https://switchboard.local";

  private final KeyPair keys;
  private final Path publicKeyFile;

  private MeshTokens(KeyPair keys, Path publicKeyFile) {
    this.keys = keys;
    this.publicKeyFile = publicKeyFile;
  }

  /** A new key pair whose public key (PEM) is written into {@code directory}. */
  static MeshTokens create(Path directory) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keys = generator.generateKeyPair();
      Files.createDirectories(directory);
      Path file = Files.createTempFile(directory, "mesh-jwt-", ".pem");
      String pem =
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(keys.getPublic().getEncoded())
              + "\n-----END PUBLIC KEY-----\n";
      Files.writeString(file, pem);
      return new MeshTokens(keys, file);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the gateway finds the public key: {@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}. */
  Path publicKeyFile() {
    return publicKeyFile;
  }

  /** A person's token, valid for {@code seconds}. */
  String person(String personId, long seconds) {
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String claims =
        "{\"iss\":\""
            + ISSUER
            + "\",\"sub\":\""
            + personId
            + "\",\"upn\":\""
            + personId
            + "\",\"groups\":[\"person\"],\"iat\":"
            + now
            + ",\"exp\":"
            + (now + seconds)
            + "}";
    String signingInput = base64Url(header) + "." + base64Url(claims);
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(keys.getPrivate());
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
