package io.switchboard.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
  @TempDir Path home;
  private HttpServer server;
  private String base;

  @BeforeEach
  void startHealthEndpoints() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ready", exchange -> reply(exchange, 200));
    server.createContext("/starting", exchange -> reply(exchange, 503));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void probesEveryComponentLiveAndSaysWhereTheSecretsAre() throws Exception {
    LocalSecrets secrets = LocalSecrets.loadOrCreate(new RunLayout(home).secretsFile());
    RunStates.write(home, meshWithOneServiceStarting());

    CliRun status = CliRun.run(home, "status");

    assertThat(status.exitCode()).isEqualTo(1);
    assertThat(status.out())
        .contains("Switchboard is running (up process " + ProcessHandle.current().pid())
        .containsPattern("ready-service +\\d+ +healthy")
        .containsPattern("starting-service +- +unhealthy \\(HTTP 503\\)")
        .containsPattern("kafka +- +down")
        .contains("secrets: .switchboard/secrets.properties");
    assertThat(status.out())
        .doesNotContain(secrets.webhookEnvironment("messenger").values())
        .doesNotContain(secrets.linkingEnvironment().values());
  }

  @Test
  void jsonReportsEachHealthForScripts() throws Exception {
    RunStates.write(home, meshWithOneServiceStarting());

    CliRun status = CliRun.run(home, "status", "--json");

    JsonNode json = RunState.JSON.readTree(status.out());
    assertThat(json.get("running").asBoolean()).isTrue();
    assertThat(json.get("allHealthy").asBoolean()).isFalse();
    assertThat(json.get("components"))
        .extracting(c -> c.get("name").asText() + "=" + c.get("health").asText())
        .containsExactly("kafka=down", "ready-service=healthy", "starting-service=unhealthy");
  }

  @Test
  void exitsZeroWhenEverythingIsHealthy() {
    RunStates.write(
        home,
        RunStates.state(
            ProcessHandle.current(),
            RunStates.component("ready-service", ProcessHandle.current(), base + "/ready")));

    assertThat(CliRun.run(home, "status").exitCode()).isZero();
  }

  @Test
  void saysNothingRunsAndWhereTheSecretsWillBeWithoutAStateFile() throws Exception {
    CliRun status = CliRun.run(home, "status");
    CliRun json = CliRun.run(home, "status", "--json");

    assertThat(status.exitCode()).isEqualTo(StatusCommand.NOT_RUNNING);
    assertThat(status.out())
        .contains("not running")
        .contains("secrets: .switchboard/secrets.properties (created by the first up)");
    assertThat(RunState.JSON.readTree(json.out()).get("running").asBoolean()).isFalse();
  }

  private RunState meshWithOneServiceStarting() throws Exception {
    return RunStates.state(
        ProcessHandle.current(),
        RunStates.component("kafka", null, "tcp://127.0.0.1:" + PortCheckTest.freePort()),
        RunStates.component("ready-service", ProcessHandle.current(), base + "/ready"),
        RunStates.component("starting-service", null, base + "/starting"));
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status)
      throws java.io.IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }
}
