package io.switchboard.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.events.data.EventData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The example events shipped in {@value #RESOURCE_DIR}: {@code <ce type>.json} for each type, and
 * {@code <ce type>.<variant>.json} for further shapes of a type.
 */
public final class EventExamples {
  public static final String RESOURCE_DIR = "META-INF/switchboard/examples";

  private EventExamples() {}

  /** One example file. */
  public record Example(String fileName, Optional<EventType> type, JsonNode json) {
    /** The example's type; fails for a file named for no known type. */
    public EventType requireType() {
      return type.orElseThrow(() -> new AssertionError(fileName + " is named for no event type"));
    }

    /** The example bound to its record. */
    public EventData data() {
      return EventCodec.fromTree(requireType(), json);
    }

    @Override
    public String toString() {
      return fileName;
    }
  }

  /** Every example file, in name order. */
  public static List<Example> all() {
    return fileNames().stream().map(EventExamples::load).toList();
  }

  /** The main example of a type, {@code <ce type>.json}. */
  public static Example primary(EventType type) {
    return load(type.ceType() + ".json");
  }

  /** The example with this file name. */
  public static Example load(String fileName) {
    String resource = RESOURCE_DIR + "/" + fileName;
    try (InputStream in = EventExamples.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError(resource + " is missing from the class path");
      }
      return new Example(fileName, typeOf(fileName), EventCodec.mapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The type an example file is named for. */
  public static Optional<EventType> typeOf(String fileName) {
    return Stream.of(EventType.values())
        .filter(t -> fileName.equals(t.ceType() + ".json") || fileName.startsWith(t.ceType() + "."))
        .findFirst();
  }

  private static List<String> fileNames() {
    URL url = EventExamples.class.getClassLoader().getResource(RESOURCE_DIR);
    if (url == null) {
      throw new AssertionError(RESOURCE_DIR + " is missing from the class path");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          return list(jar.getPath(RESOURCE_DIR));
        }
      }
      return list(Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + RESOURCE_DIR, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".json"))
          .sorted()
          .toList();
    }
  }
}
