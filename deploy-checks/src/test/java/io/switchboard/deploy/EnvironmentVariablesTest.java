package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every environment variable that docker-compose.yml or an overlay gives a service is one the
 * service reads: a misspelt or stale variable would otherwise be ignored in silence and the service
 * would run on its default.
 */
class EnvironmentVariablesTest {
  @ParameterizedTest
  @EnumSource(MeshService.class)
  void composeSetsOnlyVariablesTheServiceReads(MeshService service) {
    ServiceConfiguration configuration = service.configuration();

    assertThat(ComposeFile.read().environment(service.module()).keySet())
        .isNotEmpty()
        .allSatisfy(
            variable ->
                assertThat(configuration.reads(variable))
                    .as("%s reads %s (set in docker-compose.yml)", service.module(), variable)
                    .isTrue());
  }

  @ParameterizedTest
  @EnumSource(Overlay.class)
  void overlaysSetOnlyVariablesTheServiceReads(Overlay overlay) {
    for (Deployment deployment : overlay.all(Deployment.class)) {
      MeshService service = MeshService.named(deployment.getMetadata().getName());
      ServiceConfiguration configuration = service.configuration();
      for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        assertThat(variables(overlay, container))
            .isNotEmpty()
            .allSatisfy(
                variable ->
                    assertThat(configuration.reads(variable))
                        .as("%s reads %s (set in %s)", service.module(), variable, overlay.path())
                        .isTrue());
      }
    }
  }

  @Test
  void aMisspeltVariableIsNotRead() {
    ServiceConfiguration adapter = MeshService.MESSENGER_ADAPTER.configuration();

    assertThat(adapter.reads("SWITCHBOARD_SEND_API_ACCESS_TOKEN")).isTrue();
    assertThat(adapter.reads("SWITCHBOARD_SEND_API_RETRY_MAX_ATTEMPTS")).isTrue();
    assertThat(adapter.reads("SWITCHBOARD_SEND_API_ACCES_TOKEN")).isFalse();
    assertThat(adapter.reads("SWITCHBOARD_LINKING_CODE_PEPPER")).isFalse();
    assertThat(
            MeshService.GATEWAY_SERVICE
                .configuration()
                .reads("SWITCHBOARD_GATEWAY_BUSINESS_ACCOUNTS_WHATSAPP"))
        .isTrue();
  }

  /** The container's own variables and every key of the ConfigMaps it takes whole. */
  private static List<String> variables(Overlay overlay, Container container) {
    List<String> variables = new ArrayList<>();
    container.getEnv().stream().map(EnvVar::getName).forEach(variables::add);
    for (EnvFromSource source : container.getEnvFrom()) {
      assertThat(source.getSecretRef()).as("envFrom a whole Secret hides what is set").isNull();
      assertThat(source.getPrefix()).isNull();
      variables.addAll(overlay.configMap(source.getConfigMapRef().getName()).getData().keySet());
    }
    return variables;
  }
}
