package io.switchboard.bench;

import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.LocalJwt;
import io.switchboard.devstack.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway benchmarks share: the packaged gateway-service started against the devstack with
 * the mesh's public key, its heap, and other JVMs of the benchmark (the raw broadcast server, the
 * idle clients) started from this class path.
 */
final class GatewayLoad {
  /** The gateway's heap; the same for the raw broadcast server, so neither is starved. */
  static final String HEAP = "-Xmx1g";

  static final int GATEWAY_PORT = 18085;
  static final String MESSENGER_BUSINESS = "100000000000001";

  private GatewayLoad() {}

  /**
   * Starts gateway-service with the given extra environment (its limits, say) and waits until it is
   * ready, which includes a routing view that holds everything {@code identity.links} held. More
   * environment can be given as {@code -Dbench.gateway.env=NAME=value,NAME=value}; with {@code
   * -Dbench.jfr=true} the gateway records a Java Flight Recording into the work directory.
   */
  static ServiceProcess startGateway(
      Endpoints endpoints, LocalJwt jwt, Path work, Map<String, String> settings) {
    Path key = jwt.writePublicKey(work.resolve("jwt-public-key.pem"));
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers());
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", endpoints.reactiveUrl().orElseThrow());
    env.put("QUARKUS_DATASOURCE_JDBC_URL", endpoints.jdbcUrl().orElseThrow());
    env.put("QUARKUS_DATASOURCE_USERNAME", endpoints.databaseUsername());
    env.put("QUARKUS_DATASOURCE_PASSWORD", endpoints.databasePassword());
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", key.toAbsolutePath().toString());
    env.put("SWITCHBOARD_GATEWAY_BUSINESS_ACCOUNTS_MESSENGER", MESSENGER_BUSINESS);
    Map<String, String> all = new TreeMap<>(settings);
    String more = System.getProperty("bench.gateway.env", "");
    for (String setting : more.isBlank() ? new String[0] : more.split(",")) {
      String[] pair = setting.split("=", 2);
      all.put(pair[0].trim(), pair[1].trim());
    }
    env.putAll(all);
    List<String> jvm = WebhookLoad.jvmOptions("gateway-service", work, HEAP);
    ServiceProcess gateway =
        ServiceProcess.start(
            "gateway-service",
            Path.of("gateway-service", "target", "quarkus-app", "quarkus-run.jar"),
            GATEWAY_PORT,
            env,
            work.resolve("gateway-service.log"),
            jvm);
    gateway.awaitReady(Duration.ofSeconds(120));
    System.out.printf(
        "gateway-service: pid %d, %s, settings %s%n", gateway.pid(), String.join(" ", jvm), all);
    return gateway;
  }

  /**
   * Starts {@code main} of this class path in a JVM of its own, its standard error merged into its
   * output, which goes to {@code output} ({@link ProcessBuilder.Redirect#PIPE} to read it here).
   */
  static Process startJvm(
      Class<?> main, List<String> jvmArgs, List<String> args, ProcessBuilder.Redirect output) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + main.getSimpleName(), e);
    }
  }

  /** Stops a child JVM, insisting after a while. */
  static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
