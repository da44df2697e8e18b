package io.switchboard.deploy;

import io.switchboard.events.topics.TopicCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deploy files that follow from the topic catalogue, with their contents as the catalogue gives
 * them now. The generator writes them; a test compares them with what is committed.
 */
public final class GeneratedFiles {
  /** The command that writes them again, run from the repository root. */
  public static final String COMMAND =
      "./mvnw -B -q -pl deploy-checks -am -DskipTests -Dswitchboard.generate.skip=false"
          + " process-classes";

  static final String HEADER =
      "# Generated from mesh-events' topic catalogue (META-INF/switchboard/topics.json): do not edit.\n"
          + "# Regenerate with: "
          + COMMAND
          + "\n";

  public static final Path TOPICS = Path.of("k8s", "base", "kafka", "topics.yaml");
  public static final Path COMPOSE = Path.of("docker-compose.yml");

  private GeneratedFiles() {}

  /** Every generated file by its path relative to the repository root, with its wanted content. */
  public static Map<Path, String> expected(Path repository) {
    TopicCatalogue catalogue = TopicCatalogue.get();
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(TOPICS, StrimziTopics.render(catalogue.topics()));
    files.put(
        COMPOSE, ComposeTopics.replaceIn(read(repository.resolve(COMPOSE)), catalogue.topics()));
    return files;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
