package io.switchboard.systemtests;

import io.switchboard.cli.run.LocalTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;

/**
 * The mesh's token signer for system tests: a fresh RSA key pair, its public key written where the
 * gateway reads it, and RS256 person tokens signed with the JDK alone by the command line's {@link
 * LocalTokens} (independently of the gateway's own JWT library).
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
    return LocalTokens.of(keys.getPrivate()).person(personId, Duration.ofSeconds(seconds));
  }

  /** The signing key, base64 of PKCS#8: what a local run hands the gateway's demo endpoints. */
  String privateKeyBase64() {
    return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
  }

  /** The same signer, for code that takes the command line's. */
  LocalTokens local() {
    return LocalTokens.of(keys.getPrivate());
  }
}
