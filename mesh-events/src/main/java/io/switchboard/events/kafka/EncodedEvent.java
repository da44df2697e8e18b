package io.switchboard.events.kafka;

import io.switchboard.events.EventCodec;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A mesh event with its data already written as JSON and checked against its schema. An edge that
 * must refuse an invalid request before it publishes anything encodes its events first, then sends
 * these as they are ({@link EncodedEventSerializer}): each event's data is checked and written
 * once, not once to refuse and again to send.
 *
 * @param event the event, for its key and headers
 * @param data the event's data, as {@link EventCodec#encodeData} wrote it
 */
public record EncodedEvent(MeshEvent<EventData> event, byte[] data) {
  public EncodedEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(data, "data");
  }

  /**
   * Checks the event's data against its schema and writes it.
   *
   * @throws io.switchboard.events.schema.InvalidEventException when the data breaks its schema
   */
  public static EncodedEvent of(MeshEvent<EventData> event) {
    return new EncodedEvent(event, EventCodec.encodeData(event.data()));
  }

  /**
   * Every event encoded, in order; nothing is returned when any breaks its schema.
   *
   * @throws io.switchboard.events.schema.InvalidEventException naming the first event's violations
   */
  public static List<EncodedEvent> all(List<MeshEvent<EventData>> events) {
    List<EncodedEvent> encoded = new ArrayList<>(events.size());
    for (MeshEvent<EventData> event : events) {
      encoded.add(of(event));
    }
    return encoded;
  }

  /** The Kafka key: the event's, its conversation. */
  public String key() {
    return event.key();
  }
}
