package io.switchboard.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.devstack.Endpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceEnvironmentTest {
  @TempDir Path dir;

  private final Endpoints endpoints =
      new Endpoints(
          "127.0.0.1:9092",
          Optional.of("jdbc:postgresql://127.0.0.1:15432/switchboard"),
          "switchboard",
          "");
  private final MeshPlan plan =
      new MeshPlan(new RunPorts(9092, 9093, 15432, 18081), Optional.empty(), Optional.empty());

  @Test
  void givesTheSimulatorTheAdaptersAppSecretsAndWebhookUrls() {
    LocalSecrets secrets = LocalSecrets.loadOrCreate(dir.resolve("secrets.properties"));

    Map<String, String> simulator =
        MeshSupervisor.environment("platform-simulator", endpoints, secrets, plan);
    Map<String, String> messenger =
        MeshSupervisor.environment("messenger-adapter", endpoints, secrets, plan);

    assertThat(simulator.get("SWITCHBOARD_SIMULATOR_APP_SECRETS_MESSENGER"))
        .isEqualTo(messenger.get("SWITCHBOARD_WEBHOOK_APP_SECRET"));
    assertThat(simulator.get("SWITCHBOARD_SIMULATOR_TARGETS_INSTAGRAM"))
        .isEqualTo("http://127.0.0.1:18082/webhooks/instagram");
    assertThat(simulator.get("SWITCHBOARD_SIMULATOR_ACCESS_TOKENS_WHATSAPP"))
        .isEqualTo(secrets.accessToken("whatsapp"))
        .isNotBlank();
  }

  @Test
  void pointsTheAdaptersSendApiAtTheSimulatorWithTheTokenItAccepts() {
    LocalSecrets secrets = LocalSecrets.loadOrCreate(dir.resolve("secrets.properties"));

    Map<String, String> messenger =
        MeshSupervisor.environment("messenger-adapter", endpoints, secrets, plan);
    Map<String, String> simulator =
        MeshSupervisor.environment("platform-simulator", endpoints, secrets, plan);

    assertThat(messenger)
        .containsEntry("SWITCHBOARD_SEND_API_BASE_URL", "http://127.0.0.1:18086/messenger");
    assertThat(messenger.get("SWITCHBOARD_SEND_API_ACCESS_TOKEN"))
        .isNotBlank()
        .isEqualTo(secrets.accessToken("messenger"))
        .isEqualTo(simulator.get("SWITCHBOARD_SIMULATOR_ACCESS_TOKENS_MESSENGER"));
    assertThat(MeshSupervisor.environment("identity-service", endpoints, secrets, plan))
        .doesNotContainKeys("SWITCHBOARD_SEND_API_BASE_URL", "SWITCHBOARD_SEND_API_ACCESS_TOKEN");
  }

  @Test
  void givesIdentityServiceItsDatabaseKeysAndBusinessAccounts() {
    LocalSecrets secrets = LocalSecrets.loadOrCreate(dir.resolve("secrets.properties"));

    Map<String, String> identity =
        MeshSupervisor.environment("identity-service", endpoints, secrets, plan);

    assertThat(identity)
        .containsEntry(
            "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/switchboard")
        .containsEntry(
            "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:15432/switchboard")
        .containsEntry("SWITCHBOARD_LINKING_BUSINESS_ACCOUNTS_MESSENGER", "100000000000001")
        .containsKeys("SWITCHBOARD_LINKING_CODE_PEPPER", "MP_JWT_VERIFY_PUBLICKEY_LOCATION");
    assertThat(identity).doesNotContainKey("SWITCHBOARD_WEBHOOK_APP_SECRET");
  }

  @Test
  void givesEveryAdapterAndTheGatewayTheirDatabase() {
    LocalSecrets secrets = LocalSecrets.loadOrCreate(dir.resolve("secrets.properties"));

    for (String adapter :
        List.of("messenger-adapter", "instagram-adapter", "whatsapp-bridge", "gateway-service")) {
      assertThat(MeshSupervisor.environment(adapter, endpoints, secrets, plan))
          .as(adapter)
          .containsEntry(
              "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:15432/switchboard")
          .containsEntry(
              "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/switchboard")
          .containsEntry("QUARKUS_DATASOURCE_USERNAME", "switchboard")
          .containsKey("QUARKUS_DATASOURCE_PASSWORD")
          .doesNotContainKey("SWITCHBOARD_LINKING_CODE_PEPPER");
    }
    assertThat(MeshSupervisor.environment("gateway-service", endpoints, secrets, plan))
        .containsEntry("SWITCHBOARD_GATEWAY_BUSINESS_ACCOUNTS_MESSENGER", "100000000000001")
        .containsEntry("SWITCHBOARD_GATEWAY_BUSINESS_ACCOUNTS_INSTAGRAM", "17841400000000001")
        .containsEntry("SWITCHBOARD_GATEWAY_BUSINESS_ACCOUNTS_WHATSAPP", "100000000000002")
        // The web client's people API and the local demo (docs/web-client.md).
        .containsEntry("SWITCHBOARD_GATEWAY_CLIENT_API_IDENTITY_URL", "http://127.0.0.1:18084")
        .containsEntry("SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_ENABLED", "true")
        .containsEntry("SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_SIGNING_KEY", secrets.jwtPrivateKey())
        .containsEntry(
            "SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_SIMULATOR_URL", "http://127.0.0.1:18086")
        .containsKey("SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_PEOPLE_FILE");
    // The signing key goes to the gateway alone.
    for (String other :
        List.of("identity-service", "messenger-adapter", "platform-simulator", "whatsapp-bridge")) {
      assertThat(MeshSupervisor.environment(other, endpoints, secrets, plan))
          .doesNotContainKey("SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_SIGNING_KEY")
          .doesNotContainValue(secrets.jwtPrivateKey());
    }
  }
}
