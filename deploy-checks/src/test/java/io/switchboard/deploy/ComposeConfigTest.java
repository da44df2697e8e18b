package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Compose itself accepts the file, once the variables it requires are given. */
class ComposeConfigTest {
  private static final Pattern REQUIRED = Pattern.compile("\\$\\{(\\w+):\\?[^}]*}");
  private static final Pattern SECRET = Pattern.compile("SECRET|TOKEN|PASSWORD|PEPPER");
  private static final Pattern REQUIRED_ONLY = Pattern.compile("\\$\\{\\w+:\\?[^}]*}");

  @Test
  void dockerComposeAcceptsTheFile() {
    String output =
        Tool.DOCKER_COMPOSE.run(
            placeholdersForRequiredVariables(), "-f", "docker-compose.yml", "config", "--services");

    assertThat(output.lines())
        .containsExactlyInAnyOrder(
            "kafka",
            "kafka-topics",
            "postgres",
            "messenger-adapter",
            "instagram-adapter",
            "whatsapp-bridge",
            "identity-service",
            "gateway-service",
            "platform-simulator");
  }

  @Test
  void secretsAreRequiredFromTheEnvironmentNeverWrittenInTheFile() {
    ComposeFile compose = ComposeFile.read();
    for (String service : compose.services()) {
      compose
          .environment(service)
          .forEach(
              (name, value) -> {
                if (SECRET.matcher(name).find()) {
                  assertThat(value).as("%s of %s", name, service).matches(REQUIRED_ONLY);
                }
              });
    }
  }

  /** Every ${NAME:?…} of the file, with a value that is obviously not a secret. */
  private static Map<String, String> placeholdersForRequiredVariables() {
    Map<String, String> values = new LinkedHashMap<>();
    Matcher m = REQUIRED.matcher(Repository.read(Repository.path("docker-compose.yml")));
    while (m.find()) {
      values.put(m.group(1), "placeholder-" + m.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    return values;
  }
}
