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
    Path repo = Path.of(System.getProperty("switchboard.repo.dir", ".."));
    Path build = Path.of(System.getProperty("switchboard.build.dir", "target"));
    Map<String, String> environment = new HashMap<>(env);
    environment.put("KAFKA_BOOTSTRAP_SERVERS", devstack.kafkaBootstrapServers());
    ServiceProcess service =
        ServiceProcess.start(
            module,
            repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"),
            freePort(),
            environment,
            build.resolve("logs").resolve(module + ".log"),
            List.of("-Xmx256m", "-XX:+UseSerialGC"));
    service.awaitReady(Duration.ofSeconds(60));
    return service;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
