package io.switchboard.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretsTest {
  @TempDir Path dir;

  @Test
  void createsAnOwnerOnlyFileWithDistinctSecretsOnFirstUse() throws Exception {
    Path file = dir.resolve(".switchboard/secrets.properties");

    LocalSecrets secrets = LocalSecrets.loadOrCreate(file);

    assertThat(secrets.created()).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    Set<String> values = new HashSet<>();
    for (String platform : LocalSecrets.PLATFORMS) {
      Map<String, String> env = secrets.webhookEnvironment(platform);
      assertThat(env)
          .containsOnlyKeys("SWITCHBOARD_WEBHOOK_APP_SECRET", "SWITCHBOARD_WEBHOOK_VERIFY_TOKEN");
      assertThat(env.get("SWITCHBOARD_WEBHOOK_APP_SECRET")).hasSize(64).matches("[0-9a-f]+");
      assertThat(env.get("SWITCHBOARD_WEBHOOK_VERIFY_TOKEN")).hasSizeGreaterThanOrEqualTo(32);
      values.addAll(env.values());
    }
    values.addAll(secrets.linkingEnvironment().values());
    assertThat(values).hasSize(7);
    Path publicKey = LocalSecrets.publicKeyFile(file);
    assertThat(secrets.jwtVerificationEnvironment())
        .containsEntry("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toAbsolutePath().toString());
    assertThat(Files.readString(publicKey)).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(Files.readString(file)).contains("jwt.private-key=");
  }

  @Test
  void reusesTheSameSecretsOnLaterStarts() throws Exception {
    Path file = dir.resolve("secrets.properties");
    LocalSecrets first = LocalSecrets.loadOrCreate(file);
    String written = Files.readString(file);

    LocalSecrets second = LocalSecrets.loadOrCreate(file);

    assertThat(second.created()).isFalse();
    assertThat(Files.readString(file)).isEqualTo(written);
    for (String platform : LocalSecrets.PLATFORMS) {
      assertThat(second.webhookEnvironment(platform)).isEqualTo(first.webhookEnvironment(platform));
    }
    assertThat(second.linkingEnvironment()).isEqualTo(first.linkingEnvironment());
  }

  @Test
  void addsAMissingKeyWithoutChangingTheOthers() throws Exception {
    Path file = dir.resolve("secrets.properties");
    Files.writeString(
        file,
        "messenger.webhook.app-secret=kept-secret\nmessenger.webhook.verify-token=kept-token\n");

    LocalSecrets secrets = LocalSecrets.loadOrCreate(file);

    assertThat(secrets.webhookEnvironment("messenger"))
        .containsEntry("SWITCHBOARD_WEBHOOK_APP_SECRET", "kept-secret")
        .containsEntry("SWITCHBOARD_WEBHOOK_VERIFY_TOKEN", "kept-token");
    assertThat(secrets.webhookEnvironment("whatsapp").get("SWITCHBOARD_WEBHOOK_APP_SECRET"))
        .isNotBlank();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void tightensTheModeOfAFileOthersCouldRead() throws Exception {
    Path file = dir.resolve("secrets.properties");
    LocalSecrets.loadOrCreate(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    LocalSecrets.loadOrCreate(file);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void namesTheFileButNoSecretWhenPrinted() {
    LocalSecrets secrets = LocalSecrets.loadOrCreate(dir.resolve("secrets.properties"));

    assertThat(secrets.toString())
        .contains("secrets.properties")
        .doesNotContain(secrets.webhookEnvironment("messenger").values())
        .doesNotContain(secrets.linkingEnvironment().values());
  }
}
