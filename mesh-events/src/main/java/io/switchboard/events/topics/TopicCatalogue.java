package io.switchboard.events.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one list of the mesh's topics. It is read from {@value #RESOURCE} in this module's jar, the
 * same file the devstack creates topics from and the Kubernetes topic resources are generated from.
 */
public final class TopicCatalogue {
  /** Where the catalogue lives on the class path. */
  public static final String RESOURCE = "META-INF/switchboard/topics.json";

  private static final TopicCatalogue INSTANCE = load();

  private final List<TopicSpec> topics;

  private TopicCatalogue(List<TopicSpec> topics) {
    this.topics = List.copyOf(topics);
  }

  public static TopicCatalogue get() {
    return INSTANCE;
  }

  public List<TopicSpec> topics() {
    return topics;
  }

  public Optional<TopicSpec> find(String name) {
    return topics.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public TopicSpec require(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("unknown topic: " + name));
  }

  private static TopicCatalogue load() {
    try (InputStream in = TopicCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<TopicSpec> topics = new ArrayList<>();
      for (JsonNode topic : root.path("topics")) {
        topics.add(toSpec(topic));
      }
      return new TopicCatalogue(topics);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the topic catalogue", e);
    }
  }

  private static TopicSpec toSpec(JsonNode topic) {
    Map<String, String> config = new LinkedHashMap<>();
    topic
        .path("config")
        .fields()
        .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
    List<String> events = new ArrayList<>();
    topic.path("events").forEach(e -> events.add(e.asText()));
    return new TopicSpec(
        topic.path("name").asText(),
        topic.path("key").asText(),
        topic.path("partitions").asInt(),
        config,
        events,
        topic.path("description").asText());
  }
}
