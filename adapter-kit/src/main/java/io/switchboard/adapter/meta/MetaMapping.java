package io.switchboard.adapter.meta;

import io.switchboard.events.data.EventData;
import java.util.List;

/** What one messaging item maps to: an event with the ids that make its id, or a skip. */
sealed interface MetaMapping {

  /** An event; {@code ids} are Meta's ids and whatever tells a redelivery from a new event. */
  record Event(EventData data, List<String> ids) implements MetaMapping {}

  /** Nothing the mesh maps; {@code kind} names it for the unknown-kinds counter. */
  record Skipped(String kind) implements MetaMapping {}

  static MetaMapping event(EventData data, String... ids) {
    return new Event(data, List.of(ids));
  }

  static MetaMapping skipped(String kind) {
    return new Skipped(kind);
  }
}
