package io.switchboard.cli.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The table (and its JSON twin) that {@code up} prints when ready and {@code status} reprints. */
public final class StatusReport {
  private static final List<String> HEADERS = List.of("COMPONENT", "PID", "HEALTH", "URL", "");

  private StatusReport() {}

  /** A fixed-width table, one row per address; a component's first row carries its name. */
  public static String table(RunState state, Map<String, Health> health) {
    List<ComponentState> components = state.components();
    int nameWidth = width(HEADERS.get(0), components.stream().map(ComponentState::name).toList());
    int pidWidth = width(HEADERS.get(1), components.stream().map(c -> pid(c)).toList());
    int healthWidth =
        width(HEADERS.get(2), components.stream().map(c -> health(health, c)).toList());
    int urlWidth =
        width(
            HEADERS.get(3),
            components.stream().flatMap(c -> c.links().stream()).map(Link::url).toList());
    String format =
        "%-"
            + nameWidth
            + "s  %-"
            + pidWidth
            + "s  %-"
            + healthWidth
            + "s  %-"
            + urlWidth
            + "s  %s";
    StringBuilder out = new StringBuilder();
    line(out, String.format(format, HEADERS.toArray()));
    for (ComponentState component : components) {
      List<Link> links =
          component.links().isEmpty() ? List.of(new Link("", "")) : component.links();
      for (int i = 0; i < links.size(); i++) {
        boolean first = i == 0;
        line(
            out,
            String.format(
                format,
                first ? component.name() : "",
                first ? pid(component) : "",
                first ? health(health, component) : "",
                links.get(i).url(),
                links.get(i).label()));
      }
    }
    out.append(System.lineSeparator());
    line(out, "logs:    " + state.logsDir() + "/<component>.log");
    line(out, "data:    " + state.dataDir());
    line(out, "secrets: " + state.secretsFile() + " (owner-only, never committed)");
    return out.toString();
  }

  /** The same facts for scripts. */
  public static String json(
      RunState state, boolean upProcessAlive, Map<String, Health> health, String stateFile) {
    ObjectNode root = RunState.JSON.createObjectNode();
    root.put("running", upProcessAlive);
    root.put("phase", state.phase());
    root.put("pid", state.pid());
    root.put("startedAt", java.time.Instant.ofEpochMilli(state.startedAt()).toString());
    if (state.healthyAfterMillis() != null) {
      root.put("healthyAfterMillis", state.healthyAfterMillis());
    }
    root.put("allHealthy", health.values().stream().allMatch(Health::isHealthy));
    if (state.message() != null) {
      root.put("message", state.message());
    }
    root.put("stateFile", stateFile);
    root.put("secretsFile", state.secretsFile());
    root.put("logsDir", state.logsDir());
    root.put("dataDir", state.dataDir());
    ArrayNode list = root.putArray("components");
    for (ComponentState component : state.components()) {
      ObjectNode node = list.addObject();
      node.put("name", component.name());
      if (component.pid() != null) {
        node.put("pid", component.pid());
      } else {
        node.putNull("pid");
      }
      Health probed = health.get(component.name());
      node.put("health", probed == null ? "unknown" : probed.status());
      if (probed != null && probed.detail() != null) {
        node.put("healthDetail", probed.detail());
      }
      node.put("healthCheck", component.health());
      ArrayNode urls = node.putArray("urls");
      for (Link link : component.links()) {
        urls.addObject().put("url", link.url()).put("label", link.label());
      }
      node.put("log", component.log());
    }
    try {
      return RunState.JSON.writeValueAsString(root) + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pid(ComponentState component) {
    return component.pid() == null ? "-" : String.valueOf(component.pid());
  }

  private static String health(Map<String, Health> health, ComponentState component) {
    Health probed = health.get(component.name());
    return probed == null ? "unknown" : probed.toString();
  }

  private static int width(String header, List<String> values) {
    return Math.max(header.length(), values.stream().mapToInt(String::length).max().orElse(0));
  }

  private static void line(StringBuilder out, String text) {
    out.append(text.stripTrailing()).append(System.lineSeparator());
  }
}
