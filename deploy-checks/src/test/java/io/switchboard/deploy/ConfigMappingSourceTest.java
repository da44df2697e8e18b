package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading a {@code @ConfigMapping} interface's property names from its source. */
class ConfigMappingSourceTest {
  private static final String MAPPING =
      """
      package example;

      /** The example's settings; a comment that mentions interface Ignored { String no(); } */
      @ConfigMapping(prefix = "switchboard.example")
      public interface ExampleConfig {
        // a line comment: String commented();
        @WithDefault("http://127.0.0.1:8081/webhooks/messenger")
        String baseUrl();

        Optional<Duration> ackTimeout();

        Map<String, String> businessAccounts();

        Retry retry();

        Optional<Limits> limits();

        default String describe(int width) {
          return baseUrl() + width;
        }

        interface Retry {
          @WithDefault("5")
          int maxAttempts();
        }

        interface Limits {
          int textPerSecond();
        }
      }
      """;

  @Test
  void readsLeavesGroupsAndMapsAsKebabCaseNames() {
    assertThat(ConfigMappingSource.properties("ExampleConfig.java", MAPPING))
        .containsExactly(
            "switchboard.example.base-url",
            "switchboard.example.ack-timeout",
            "switchboard.example.business-accounts.*",
            "switchboard.example.retry.max-attempts",
            "switchboard.example.limits.text-per-second");
  }

  @Test
  void refusesAMappingThatRenamesItsMembers() {
    String renamed =
        MAPPING.replace("String baseUrl();", "@WithName(\"url\")\n  String baseUrl();");

    assertThatThrownBy(() -> ConfigMappingSource.properties("ExampleConfig.java", renamed))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("@WithName");
  }
}
