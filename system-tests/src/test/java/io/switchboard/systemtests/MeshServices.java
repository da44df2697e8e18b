package io.switchboard.systemtests;

import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts mesh services from their packaged applications, configured only by environment. */
final class MeshServices {
  private MeshServices() {}

  static ServiceProcess start(String module, Endpoints devstack, Map<String, String> env) {
    return start(module, devstack, env, freePort());
  }

  /**
   * Starts {@code module} on {@code port}: for services that must know each other's URLs before
   * either runs (the simulator posts webhooks to the adapters, which call its Send API).
   */
  static ServiceProcess start(
      String module, Endpoints devstack, Map<String, String> env, int port) {
    Path repo = Path.of(System.getProperty("switchboard.repo.dir", ".."));
    Path build = Path.of(System.getProperty("switchboard.build.dir", "target"));
    Map<String, String> environment = new HashMap<>(env);
    environment.put("KAFKA_BOOTSTRAP_SERVERS", devstack.kafkaBootstrapServers());
    ServiceProcess service =
        ServiceProcess.start(
            module,
            repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"),
            port,
            environment,
            build.resolve("logs").resolve(module + "-" + port + ".log"),
            List.of("-Xmx256m", "-XX:+UseSerialGC"));
    service.awaitReady(Duration.ofSeconds(60));
    return service;
  }

  /** The devstack's PostgreSQL, as the adapters and identity-service take it. */
  static Map<String, String> database(Endpoints devstack) {
    return Map.of(
        "QUARKUS_DATASOURCE_REACTIVE_URL", devstack.reactiveUrl().orElseThrow(),
        "QUARKUS_DATASOURCE_JDBC_URL", devstack.jdbcUrl().orElseThrow(),
        "QUARKUS_DATASOURCE_USERNAME", devstack.databaseUsername(),
        "QUARKUS_DATASOURCE_PASSWORD", devstack.databasePassword());
  }

  /**
   * A port free right now, for a service started later with {@link #start(String, Endpoints, Map,
   * int)}.
   */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
