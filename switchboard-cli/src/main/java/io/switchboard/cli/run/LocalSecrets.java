package io.switchboard.cli.run;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The local mesh's secrets: per platform a webhook app secret and verify token, and the gateway's
 * token signing key. Generated once with {@link SecureRandom} into a file only its owner can read
 * (mode 600) and reused afterwards; a key added in a later version is generated on the next start
 * without touching the others. The values are never printed: {@link #toString()} names the file.
 */
public final class LocalSecrets {
  public static final List<String> PLATFORMS = List.of("messenger", "instagram", "whatsapp");
  static final String JWT_PRIVATE = "jwt.private-key";
  static final String JWT_PUBLIC = "jwt.public-key";
  static final String LINKING_PEPPER = "identity.linking.code-pepper";

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private final Properties values;
  private final boolean created;

  private LocalSecrets(Path file, Properties values, boolean created) {
    this.file = file;
    this.values = values;
    this.created = created;
  }

  /** Reads the secrets file, creating it, or the keys it lacks, first. */
  public static LocalSecrets loadOrCreate(Path file) {
    try {
      boolean exists = Files.exists(file);
      Properties values = exists ? read(file) : new Properties();
      boolean changed = false;
      for (Map.Entry<String, Supplier<String>> key : generators().entrySet()) {
        if (values.getProperty(key.getKey(), "").isBlank()) {
          values.setProperty(key.getKey(), key.getValue().get());
          changed = true;
        }
      }
      if (values.getProperty(JWT_PRIVATE, "").isBlank()
          || values.getProperty(JWT_PUBLIC, "").isBlank()) {
        KeyPair pair = rsaKeyPair();
        values.setProperty(
            JWT_PRIVATE, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
        values.setProperty(
            JWT_PUBLIC, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        changed = true;
      }
      if (changed) {
        write(file, values);
      } else {
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
      writePublicKey(file, values.getProperty(JWT_PUBLIC));
      return new LocalSecrets(file, values, !exists);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the secrets file " + file, e);
    }
  }

  private static Map<String, Supplier<String>> generators() {
    Map<String, Supplier<String>> keys = new TreeMap<>();
    for (String platform : PLATFORMS) {
      keys.put(appSecretKey(platform), () -> HexFormat.of().formatHex(randomBytes(32)));
      keys.put(
          verifyTokenKey(platform),
          () -> Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24)));
      keys.put(
          accessTokenKey(platform),
          () -> Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32)));
    }
    keys.put(LINKING_PEPPER, () -> HexFormat.of().formatHex(randomBytes(32)));
    return keys;
  }

  /** The environment variables an adapter reads its webhook secrets from. */
  public Map<String, String> webhookEnvironment(String platform) {
    return Map.of(
        "SWITCHBOARD_WEBHOOK_APP_SECRET", values.getProperty(appSecretKey(platform)),
        "SWITCHBOARD_WEBHOOK_VERIFY_TOKEN", values.getProperty(verifyTokenKey(platform)));
  }

  /**
   * What a service needs to verify the mesh's JWTs: the public key's file. The private key stays in
   * the secrets file, for whatever issues local tokens.
   */
  public Map<String, String> jwtVerificationEnvironment() {
    return Map.of(
        "MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKeyFile(file).toAbsolutePath().toString());
  }

  /**
   * The mesh's JWT signing key (RSA, PKCS#8, base64): for the gateway's demo token endpoint and the
   * demo seed of a local run, never for anything that leaves this machine.
   */
  public String jwtPrivateKey() {
    return values.getProperty(JWT_PRIVATE);
  }

  /** identity-service's pepper for one-time link codes. */
  public Map<String, String> linkingEnvironment() {
    return Map.of("SWITCHBOARD_LINKING_CODE_PEPPER", values.getProperty(LINKING_PEPPER));
  }

  /** The PEM file of the mesh's JWT public key, beside the secrets file (public, not secret). */
  public static Path publicKeyFile(Path secretsFile) {
    return secretsFile.resolveSibling("jwt-public-key.pem");
  }

  private static void writePublicKey(Path secretsFile, String base64) throws IOException {
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(Base64.getDecoder().decode(base64))
            + "\n-----END PUBLIC KEY-----\n";
    Files.writeString(publicKeyFile(secretsFile), pem, StandardCharsets.US_ASCII);
  }

  private static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is required of every JDK", e);
    }
  }

  public Path file() {
    return file;
  }

  /** Whether this call generated the file. */
  public boolean created() {
    return created;
  }

  @Override
  public String toString() {
    return "LocalSecrets[" + file + "]";
  }

  private static String appSecretKey(String platform) {
    return platform + ".webhook.app-secret";
  }

  /** The Send API access token of a platform: the adapter sends it, the simulator accepts it. */
  public String accessToken(String platform) {
    return values.getProperty(accessTokenKey(platform));
  }

  private static String accessTokenKey(String platform) {
    return platform + ".send-api.access-token";
  }

  private static String verifyTokenKey(String platform) {
    return platform + ".webhook.verify-token";
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static Properties read(Path file) throws IOException {
    Properties values = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      values.load(in);
    }
    return values;
  }

  /** Writes to a file that is owner-only from its creation, then moves it into place. */
  private static void write(Path file, Properties values) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      out.write(
          "# Local secrets of ./switchboard up: generated once, never commit, never share.\n");
      out.write("# Delete this file to get new ones on the next start.\n");
      for (String key : new TreeMap<>(values).keySet().stream().map(String::valueOf).toList()) {
        out.write(key + "=" + values.getProperty(key) + "\n");
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
