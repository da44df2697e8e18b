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

  /** A platform edge (adapter) whose Send API calls go to the simulator at {@code simulatorUrl}. */
  static Map<String, String> edge(
      Endpoints devstack,
      String platform,
      String simulatorUrl,
      String appSecret,
      String accessToken) {
    Map<String, String> env = new HashMap<>(database(devstack));
    env.put("SWITCHBOARD_WEBHOOK_APP_SECRET", appSecret);
    env.put("SWITCHBOARD_WEBHOOK_VERIFY_TOKEN", java.util.UUID.randomUUID().toString());
    env.put("SWITCHBOARD_SEND_API_BASE_URL", simulatorUrl + "/" + platform);
    env.put("SWITCHBOARD_SEND_API_ACCESS_TOKEN", accessToken);
    return env;
  }

  /**
   * The platform simulator for these edges: it signs webhooks with each edge's app secret, posts
   * them to its webhook path, and accepts its Send API token.
   */
  static Map<String, String> simulator(
      Map<String, ServiceProcess> edges,
      Map<String, String> appSecrets,
      Map<String, String> accessTokens) {
    Map<String, String> env = new HashMap<>();
    edges.forEach(
        (platform, edge) -> {
          String suffix = platform.toUpperCase(java.util.Locale.ROOT);
          env.put("SWITCHBOARD_SIMULATOR_APP_SECRETS_" + suffix, appSecrets.get(platform));
          env.put("SWITCHBOARD_SIMULATOR_ACCESS_TOKENS_" + suffix, accessTokens.get(platform));
          env.put(
              "SWITCHBOARD_SIMULATOR_TARGETS_" + suffix, edge.baseUrl() + "/webhooks/" + platform);
        });
    return env;
  }

  /**
   * A gateway verifying the mesh's tokens with {@code publicKeyFile} and sending from the business
   * accounts; a replica that stops hands its partitions over within seconds, not the default 45.
   */
  static Map<String, String> gateway(
      Endpoints devstack, Path publicKeyFile, Map<String, String> businessAccounts) {
    Map<String, String> env = new HashMap<>(database(devstack));
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKeyFile.toAbsolutePath().toString());
    businessAccounts.forEach(
        (platform, id) ->
            env.put(
                "SWITCHBOARD_GATEWAY_BUSINESS_ACCOUNTS_"
                    + platform.toUpperCase(java.util.Locale.ROOT),
                id));
    env.put("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_SESSION_TIMEOUT_MS", "6000");
    env.put("MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    return env;
  }

  /** Stops every service started (those that are null never were). */
  static void stopAll(java.util.Collection<ServiceProcess> services) {
    for (ServiceProcess service : services) {
      if (service != null) {
        service.close();
      }
    }
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
