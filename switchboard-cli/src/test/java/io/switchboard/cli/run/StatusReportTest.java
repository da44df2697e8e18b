package io.switchboard.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusReportTest {
  private final RunState state =
      new RunState(
          RunState.RUNNING,
          4242,
          null,
          0,
          23_400L,
          null,
          ".switchboard/secrets.properties",
          ".switchboard/logs",
          ".switchboard/data",
          List.of(
              new ComponentState(
                  "kafka",
                  100L,
                  null,
                  "tcp://127.0.0.1:9092",
                  List.of(new Link("127.0.0.1:9092", "bootstrap servers")),
                  ".switchboard/logs/devstack.log"),
              new ComponentState(
                  "messenger-adapter",
                  101L,
                  null,
                  "http://127.0.0.1:8081/q/health/ready",
                  List.of(
                      new Link("http://127.0.0.1:8081/webhooks/messenger", "webhook"),
                      new Link("http://127.0.0.1:8081/q/metrics", "metrics")),
                  ".switchboard/logs/messenger-adapter.log")));

  private final Map<String, Health> health =
      Map.of("kafka", Health.HEALTHY, "messenger-adapter", new Health("unhealthy", "HTTP 503"));

  @Test
  void tableShowsEachComponentWithItsAddressesAndHealthInAlignedColumns() {
    List<String> lines = StatusReport.table(state, health).lines().toList();

    assertThat(lines.get(0)).startsWith("COMPONENT").contains("PID", "HEALTH", "URL");
    assertThat(lines.get(1))
        .startsWith("kafka")
        .contains("100", "healthy", "127.0.0.1:9092", "bootstrap servers");
    assertThat(lines.get(2))
        .startsWith("messenger-adapter")
        .contains("101", "unhealthy (HTTP 503)", "http://127.0.0.1:8081/webhooks/messenger");
    assertThat(lines.get(3)).startsWith(" ").contains("http://127.0.0.1:8081/q/metrics", "metrics");
    int urlColumn = lines.get(0).indexOf("URL");
    assertThat(lines.subList(1, 4))
        .allSatisfy(line -> assertThat(line.charAt(urlColumn - 1)).isEqualTo(' '));
    assertThat(lines.get(1).indexOf("127.0.0.1:9092")).isEqualTo(urlColumn);
    assertThat(lines.get(3).indexOf("http://")).isEqualTo(urlColumn);
  }

  @Test
  void tableSaysWhereLogsDataAndSecretsAre() {
    String table = StatusReport.table(state, health);

    assertThat(table)
        .contains("logs:    .switchboard/logs/<component>.log")
        .contains("data:    .switchboard/data")
        .contains("secrets: .switchboard/secrets.properties");
  }

  @Test
  void jsonCarriesTheSameFactsForScripts() throws Exception {
    JsonNode json =
        RunState.JSON.readTree(
            StatusReport.json(state, true, health, ".switchboard/run/state.json"));

    assertThat(json.get("running").asBoolean()).isTrue();
    assertThat(json.get("allHealthy").asBoolean()).isFalse();
    assertThat(json.get("healthyAfterMillis").asLong()).isEqualTo(23_400);
    assertThat(json.get("secretsFile").asText()).isEqualTo(".switchboard/secrets.properties");
    JsonNode messenger = json.get("components").get(1);
    assertThat(messenger.get("name").asText()).isEqualTo("messenger-adapter");
    assertThat(messenger.get("pid").asLong()).isEqualTo(101);
    assertThat(messenger.get("health").asText()).isEqualTo("unhealthy");
    assertThat(messenger.get("healthDetail").asText()).isEqualTo("HTTP 503");
    assertThat(messenger.get("urls").get(0).get("url").asText())
        .isEqualTo("http://127.0.0.1:8081/webhooks/messenger");
    assertThat(messenger.get("log").asText()).isEqualTo(".switchboard/logs/messenger-adapter.log");
  }
}
