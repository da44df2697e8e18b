package io.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker-compose.yml} as plain YAML. What the checks read of a service (image, ports,
 * environment) is written on the service itself, never in the shared {@code x-service} block.
 */
final class ComposeFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JsonNode root;

  private ComposeFile(JsonNode root) {
    this.root = root;
  }

  static ComposeFile read() {
    try {
      return new ComposeFile(YAML.readTree(Repository.read(Repository.path("docker-compose.yml"))));
    } catch (IOException e) {
      throw new UncheckedIOException("docker-compose.yml is not YAML", e);
    }
  }

  List<String> services() {
    List<String> names = new ArrayList<>();
    root.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  JsonNode service(String name) {
    JsonNode service = root.path("services").path(name);
    if (service.isMissingNode()) {
      throw new AssertionError("docker-compose.yml has no service " + name);
    }
    return service;
  }

  /** The variables the file sets in a service's environment. */
  Map<String, String> environment(String service) {
    Map<String, String> environment = new LinkedHashMap<>();
    service(service)
        .path("environment")
        .fields()
        .forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
    return environment;
  }
}
