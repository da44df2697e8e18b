package io.switchboard.events;

import io.switchboard.events.data.EventData;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvent 1.0 of the mesh. On Kafka it travels in binary mode: the attributes are {@code ce_*}
 * headers, the data is the JSON record value and the key is the conversation id.
 *
 * @param id unique per event; deterministic for platform events (see {@link EventIds})
 * @param source the producing component, e.g. {@code /switchboard/messenger-adapter}
 * @param type the versioned type
 * @param time when the event happened (the provider's time where there is one)
 * @param data the payload
 * @param <T> the payload type
 */
public record MeshEvent<T extends EventData>(
    String id, URI source, EventType type, Instant time, T data) {
  public static final String SPEC_VERSION = "1.0";
  public static final String DATA_CONTENT_TYPE = "application/json";

  public MeshEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(data, "data");
    if (!type.dataClass().isInstance(data)) {
      throw new IllegalArgumentException(
          "data " + data.getClass().getSimpleName() + " does not match type " + type.ceType());
    }
  }

  /** An event of the type that matches {@code data}. */
  public static <T extends EventData> MeshEvent<T> of(String id, URI source, Instant time, T data) {
    return new MeshEvent<>(id, source, EventType.of(data), time, data);
  }

  /** The CloudEvents {@code subject}: the conversation id, or the account for identity events. */
  public String subject() {
    return data.key();
  }

  /** The Kafka key: the conversation id, so that a conversation keeps its order. */
  public String key() {
    return data.key();
  }

  /** The source URI of a mesh component. */
  public static URI sourceOf(String component) {
    return URI.create("/switchboard/" + component);
  }
}
