package io.switchboard.deploy;

import io.switchboard.events.topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The lines of {@code docker-compose.yml}'s topic-creating service: one {@code create <name>
 * <partitions> <settings>} per catalogue topic, between two marker lines, so the compose file stays
 * hand-written everywhere else while its topics cannot drift from the catalogue.
 */
public final class ComposeTopics {
  public static final String BEGIN = "# BEGIN topics generated from the mesh-events catalogue";
  public static final String END = "# END topics generated from the mesh-events catalogue";

  /** How deep the lines sit inside the compose file's block scalar. */
  private static final String INDENT = "        ";

  private ComposeTopics() {}

  /** The marker lines and the lines between them. */
  public static String render(List<TopicSpec> topics) {
    StringBuilder out = new StringBuilder();
    out.append(INDENT).append(BEGIN).append('\n');
    for (TopicSpec topic : topics) {
      out.append(INDENT)
          .append("create ")
          .append(topic.name())
          .append(' ')
          .append(topic.partitions())
          .append(' ')
          .append(settings(topic.config()))
          .append('\n');
    }
    out.append(INDENT).append(END).append('\n');
    return out.toString();
  }

  /** Replaces the marked block of {@code compose} with the one the catalogue gives. */
  public static String replaceIn(String compose, List<TopicSpec> topics) {
    int begin = compose.indexOf(INDENT + BEGIN);
    int end = compose.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(
          "docker-compose.yml lacks the lines '" + BEGIN + "' and '" + END + "'");
    }
    int afterEnd = compose.indexOf('\n', end) + 1;
    return compose.substring(0, begin) + render(topics) + compose.substring(afterEnd);
  }

  private static String settings(Map<String, String> config) {
    return new TreeMap<>(config)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }
}
