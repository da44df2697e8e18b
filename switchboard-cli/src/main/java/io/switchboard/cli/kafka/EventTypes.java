package io.switchboard.cli.kafka;

import io.switchboard.events.EventType;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code --type} values: a CloudEvent type with or without {@code switchboard.} and version. */
public final class EventTypes {
  private EventTypes() {}

  /** The full CloudEvent types meant; refuses a name that is none of the catalogue's. */
  public static Set<String> parse(Collection<String> names) {
    Set<String> types = new LinkedHashSet<>();
    for (String name : names) {
      types.add(
          Arrays.stream(EventType.values())
              .map(EventType::ceType)
              .filter(
                  ce ->
                      ce.equals(name)
                          || ce.equals("switchboard." + name)
                          || ce.replaceFirst("\\.v\\d+$", "").endsWith("switchboard." + name))
              .findFirst()
              .orElseThrow(
                  () ->
                      CliFailure.badInput(
                          "--type '" + name + "' is not an event type; use one of " + known())));
    }
    return types;
  }

  private static String known() {
    return Arrays.stream(EventType.values())
        .map(t -> t.ceType().replaceFirst("^switchboard\\.", ""))
        .collect(Collectors.joining(", "));
  }
}
