package io.switchboard.whatsapp.inbound;

import io.switchboard.events.data.EventData;
import java.time.Instant;
import java.util.List;

/** What one message or status maps to: an event with the ids that make its id, or a skip. */
sealed interface InboundMapping {

  /**
   * An event that happened at {@code at} (WhatsApp's time); {@code ids} are WhatsApp's ids and
   * whatever tells a redelivery from a new event.
   */
  record Event(EventData data, Instant at, List<String> ids) implements InboundMapping {}

  /** Nothing the mesh maps; {@code kind} names it for the unknown-kinds counter. */
  record Skipped(String kind) implements InboundMapping {}

  static InboundMapping event(EventData data, Instant at, String... ids) {
    return new Event(data, at, List.of(ids));
  }

  static InboundMapping skipped(String kind) {
    return new Skipped(kind);
  }
}
