package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard asks Prometheus only for series that exist: the mesh's own meters (as the
 * services' code names them, in Prometheus form) and a short list of meters that Quarkus and
 * Strimzi's Kafka Exporter publish.
 */
class DashboardTest {
  private static final Path DASHBOARD =
      Repository.path("k8s", "base", "monitoring", "dashboards", "switchboard-mesh.json");

  /** Series published by the platform, each by the component that publishes it. */
  private static final Set<String> PLATFORM_SERIES =
      Set.of(
          // Quarkus Micrometer, HTTP server binder (a Timer) and its WebSocket long task timer.
          "http_server_requests_seconds_count",
          "http_server_requests_seconds_sum",
          "http_server_websocket_connections_seconds_active_count",
          // Micrometer's JVM memory binder, on in Quarkus by default.
          "jvm_memory_used_bytes",
          // Strimzi's Kafka Exporter.
          "kafka_consumergroup_lag",
          "kafka_topic_partition_current_offset");

  private static final Pattern SERIES = Pattern.compile("\\b([a-z_][a-z0-9_]*)\\{");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(([a-z_][a-z0-9_]*)");
  private static final Pattern COUNTER =
      Pattern.compile("(?:counter|Counter\\.builder)\\(\\s*\"([a-z][\\w.]*)\"");
  private static final Pattern TIMER = Pattern.compile("Timer\\.builder\\(\\s*\"([a-z][\\w.]*)\"");
  private static final Pattern METER_CONSTANT =
      Pattern.compile("static final String \\w+ = \"(switchboard\\.[\\w.]+)\";");

  @Test
  void everySeriesOfTheDashboardIsPublished() {
    Set<String> published = new LinkedHashSet<>(PLATFORM_SERIES);
    published.addAll(meshSeries());

    assertThat(dashboardSeries())
        .isNotEmpty()
        .allSatisfy(series -> assertThat(published).contains(series));
  }

  @Test
  void theDashboardIsShippedAsAConfigMapForGrafanasSidecar() {
    ConfigMap dashboards =
        Overlay.PROD.all(ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getName().startsWith("switchboard-grafana-dashboard"))
            .findFirst()
            .orElseThrow();

    assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboards.getData())
        .containsEntry("switchboard-mesh.json", Repository.read(DASHBOARD));
  }

  private static Set<String> dashboardSeries() {
    JsonNode dashboard = json(DASHBOARD);
    Set<String> series = new LinkedHashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        find(SERIES, target.path("expr").asText(), series);
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      find(LABEL_VALUES, variable.path("query").asText(), series);
    }
    return series;
  }

  /**
   * The meters the services' code registers, as Prometheus names them: counters (by a literal name
   * or a {@code switchboard.*} name constant) and timers (by a literal name).
   */
  private static Set<String> meshSeries() {
    Set<String> counters = new LinkedHashSet<>();
    Set<String> timers = new LinkedHashSet<>();
    for (MeshService service : MeshService.values()) {
      for (String module : ServiceConfiguration.modulesOf(service.module())) {
        for (Path source : ServiceConfiguration.javaSources(module)) {
          String code = Repository.read(source);
          find(COUNTER, code, counters);
          find(METER_CONSTANT, code, counters);
          find(TIMER, code, timers);
        }
      }
    }
    Set<String> series = new LinkedHashSet<>();
    for (String name : counters) {
      series.add(name.replace('.', '_') + "_total");
    }
    for (String name : timers) {
      for (String suffix : List.of("_seconds_count", "_seconds_sum", "_seconds_max")) {
        series.add(name.replace('.', '_') + suffix);
      }
    }
    return series;
  }

  private static void find(Pattern pattern, String text, Set<String> into) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  private static JsonNode json(Path file) {
    try {
      return new ObjectMapper().readTree(Repository.read(file));
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is not JSON", e);
    }
  }
}
