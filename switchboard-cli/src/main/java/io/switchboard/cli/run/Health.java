package io.switchboard.cli.run;

import io.switchboard.devstack.ServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A component's health as probed right now: {@code healthy}, {@code unhealthy} (it answers, but not
 * 200) or {@code down} (nothing answers).
 */
public record Health(String status, String detail) {
  public static final Health HEALTHY = new Health("healthy", null);

  public boolean isHealthy() {
    return HEALTHY.status.equals(status);
  }

  @Override
  public String toString() {
    return detail == null ? status : status + " (" + detail + ")";
  }

  /** Probes an {@code http://} readiness URL (200 is healthy) or a {@code tcp://host:port}. */
  public static Health probe(String check) {
    if (check.startsWith("tcp://")) {
      URI uri = URI.create(check);
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2_000);
        return HEALTHY;
      } catch (IOException e) {
        return new Health("down", "nothing listens on " + uri.getHost() + ":" + uri.getPort());
      }
    }
    int status = ServiceProcess.healthStatus(check);
    if (status == 200) {
      return HEALTHY;
    }
    return status < 0 ? new Health("down", "no answer") : new Health("unhealthy", "HTTP " + status);
  }

  /** Probes every component at once; the map keeps the components' order. */
  public static Map<String, Health> probeAll(List<ComponentState> components) {
    Map<String, CompletableFuture<Health>> probes = new LinkedHashMap<>();
    for (ComponentState component : components) {
      probes.put(
          component.name(),
          CompletableFuture.supplyAsync(
              () -> probe(component.health()), runnable -> new Thread(runnable).start()));
    }
    Map<String, Health> results = new LinkedHashMap<>();
    probes.forEach((name, probe) -> results.put(name, probe.join()));
    return results;
  }
}
