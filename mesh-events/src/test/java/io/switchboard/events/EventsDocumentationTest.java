package io.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.events.topics.TopicCatalogue;
import io.switchboard.events.topics.TopicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Keeps {@code docs/events.md} in step with the catalogue, the types and their schemas. */
class EventsDocumentationTest {
  private static final String TYPE_PREFIX = "switchboard.";
  private static final String NO_EVENTS = "—";
  private static final String NO_TIME_LIMIT = "forever";
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#:]+)(#[^)]*)?\\)");
  private static final Pattern DURATION = Pattern.compile("(\\d+) (minute|hour|day)s?");

  private final Path docsDir = Path.of(System.getProperty("switchboard.docs.dir", "../docs"));
  private final List<String> lines = read(docsDir.resolve("events.md"));

  /** One row of the topics table, as the doc states it or as the catalogue implies it. */
  record TopicRow(
      String name,
      String key,
      int partitions,
      Optional<Duration> retention,
      String cleanup,
      List<String> events,
      String purpose) {}

  @Test
  void topicsTableMatchesTheCatalogueExactly() {
    List<TopicRow> catalogue =
        TopicCatalogue.get().topics().stream().map(EventsDocumentationTest::rowOf).toList();

    assertThat(table("name", "key", "partitions", "retention", "cleanup", "events", "purpose"))
        .map(EventsDocumentationTest::rowOf)
        .containsExactlyElementsOf(catalogue);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyEventTypeHasASectionThatLinksToItsSchema(EventType type) {
    List<String> section = section(type);

    assertThat(section).as("section ### `%s`", type.ceType()).isNotEmpty();
    assertThat(String.join("\n", section))
        .contains("](../mesh-events/src/main/resources/" + type.schemaResource() + ")");
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyEventTypeSectionListsTheFieldsOfItsSchema(EventType type) throws IOException {
    JsonNode schema = schema(type);
    Map<String, Boolean> schemaFields = new LinkedHashMap<>();
    schema.path("properties").fieldNames().forEachRemaining(f -> schemaFields.put(f, false));
    schema.path("required").forEach(f -> schemaFields.put(f.asText(), true));

    Map<String, Boolean> documented = new LinkedHashMap<>();
    for (List<String> row : tableIn(section(type), "field", "required", "meaning")) {
      documented.put(unquote(row.get(0)), row.get(1).equals("yes"));
    }

    assertThat(documented)
        .as("fields of %s (name: required)", type.ceType())
        .isEqualTo(schemaFields);
  }

  @Test
  void everyDocumentedEventTypeExists() {
    List<String> headings =
        lines.stream()
            .filter(l -> l.startsWith("### `"))
            .map(l -> unquote(l.substring(4).trim()))
            .toList();

    assertThat(headings)
        .containsExactlyInAnyOrderElementsOf(
            Stream.of(EventType.values()).map(EventType::ceType).toList());
  }

  @Test
  void everyRelativeLinkPointsToAnExistingFile() {
    List<String> targets = new ArrayList<>();
    for (String line : lines) {
      Matcher link = LINK.matcher(line);
      while (link.find()) {
        targets.add(link.group(1));
      }
    }

    assertThat(targets)
        .isNotEmpty()
        .allSatisfy(t -> assertThat(docsDir.resolve(t)).as(t).isRegularFile());
  }

  private static TopicRow rowOf(TopicSpec topic) {
    return new TopicRow(
        topic.name(),
        topic.key(),
        topic.partitions(),
        topic.retention(),
        topic.config().getOrDefault("cleanup.policy", "delete"),
        topic.events(),
        topic.description());
  }

  private static TopicRow rowOf(List<String> cells) {
    return new TopicRow(
        unquote(cells.get(0)),
        unquote(cells.get(1)),
        Integer.parseInt(cells.get(2)),
        retention(cells.get(3)),
        cells.get(4),
        events(cells.get(5)),
        cells.get(6));
  }

  private static Optional<Duration> retention(String cell) {
    if (cell.equals(NO_TIME_LIMIT)) {
      return Optional.empty();
    }
    Matcher m = DURATION.matcher(cell);
    assertThat(m.matches())
        .as("retention '%s' reads like '7 days' or '%s'", cell, NO_TIME_LIMIT)
        .isTrue();
    long amount = Long.parseLong(m.group(1));
    return Optional.of(
        switch (m.group(2)) {
          case "minute" -> Duration.ofMinutes(amount);
          case "hour" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        });
  }

  private static List<String> events(String cell) {
    if (cell.equals(NO_EVENTS)) {
      return List.of();
    }
    return Stream.of(cell.split(",")).map(e -> TYPE_PREFIX + unquote(e.trim())).toList();
  }

  /** The lines under the heading {@code ### `<ce type>`}, up to the next heading. */
  private List<String> section(EventType type) {
    String heading = "### `" + type.ceType() + "`";
    int start = lines.indexOf(heading);
    if (start < 0) {
      return List.of();
    }
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).startsWith("#")) {
      end++;
    }
    return lines.subList(start + 1, end);
  }

  private List<List<String>> table(String... columns) {
    return tableIn(lines, columns);
  }

  /** The rows of the Markdown table with exactly these column headings. */
  private static List<List<String>> tableIn(List<String> text, String... columns) {
    int header = -1;
    for (int i = 0; i < text.size(); i++) {
      if (cells(text.get(i)).equals(List.of(columns))) {
        header = i;
        break;
      }
    }
    assertThat(header).as("a table with columns %s", List.of(columns)).isNotNegative();
    List<List<String>> rows = new ArrayList<>();
    for (int i = header + 2; i < text.size() && text.get(i).startsWith("|"); i++) {
      List<String> row = cells(text.get(i));
      assertThat(row).as("row %s", text.get(i)).hasSize(columns.length);
      rows.add(row);
    }
    return rows;
  }

  private static List<String> cells(String line) {
    String trimmed = line.trim();
    if (!trimmed.startsWith("|") || !trimmed.endsWith("|") || trimmed.length() < 2) {
      return List.of();
    }
    return Stream.of(trimmed.substring(1, trimmed.length() - 1).split("\\|", -1))
        .map(String::trim)
        .toList();
  }

  private static String unquote(String cell) {
    return cell.startsWith("`") && cell.endsWith("`") && cell.length() > 1
        ? cell.substring(1, cell.length() - 1)
        : cell;
  }

  private static JsonNode schema(EventType type) throws IOException {
    try (InputStream in =
        EventsDocumentationTest.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
      assertThat(in).as(type.schemaResource()).isNotNull();
      return EventCodec.mapper().readTree(in);
    }
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(
          "cannot read " + file + " (system property switchboard.docs.dir)", e);
    }
  }
}
