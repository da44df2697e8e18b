package io.switchboard.gateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.events.EventCodec;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.schema.InvalidEventException;
import io.switchboard.events.schema.Violation;
import io.switchboard.gateway.fanout.MeshProducer;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Client writes as mesh events: built from a frame and checked against the event type's schema
 * before anything is written (a violation refuses the frame, naming the frame's field), then
 * published keyed by conversation, complete only once every in-sync replica acknowledged them.
 */
@ApplicationScoped
public class ClientEvents {
  static final URI SOURCE = MeshEvent.sourceOf("gateway-service");

  private final MeshProducer producer;

  public ClientEvents(MeshProducer producer) {
    this.producer = producer;
  }

  /** Publishes the event; completes when Kafka acknowledged it. */
  public Uni<Void> publish(String topic, MeshEvent<?> event) {
    // KafkaProducer.send blocks while it waits for the topic's metadata (up to max.block.ms), so it
    // runs on a worker thread, never on the connection's event loop.
    return Uni.createFrom()
        .deferred(() -> producer.sendAll(List.of(MeshEventRecords.toRecord(topic, event))))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  /** Publishes the data as a new event (a fresh UUIDv7 id); answers the event id. */
  public Uni<String> publishNew(String topic, Instant time, EventData data) {
    String id = EventIds.random();
    return publish(topic, MeshEvent.of(id, SOURCE, time, data)).replaceWith(id);
  }

  /** The data, once its schema accepts it. */
  static <T extends EventData> T checked(T data) {
    try {
      EventCodec.toTree(data);
      return data;
    } catch (InvalidEventException e) {
      throw refused(e);
    }
  }

  /** The data with the client's content (plain or sealed JSON), once its schema accepts it. */
  @SuppressWarnings("unchecked")
  static <T extends EventData> T withContent(T data, JsonNode content) {
    ObjectNode tree = EventCodec.mapper().valueToTree(data);
    tree.set("content", content);
    try {
      return (T) EventCodec.fromTree(EventType.of(data), tree);
    } catch (InvalidEventException e) {
      throw refused(e);
    }
  }

  private static FrameRefused refused(InvalidEventException e) {
    Violation violation = e.violations().get(0);
    return FrameRefused.invalid(frameField(violation.field()), violation.message());
  }

  /** The frame's name of an event field, from the violation's JSON pointer. */
  private static String frameField(String pointer) {
    String field = pointer.startsWith("/") ? pointer.substring(1) : pointer;
    if (field.startsWith("memberPersonIds")) {
      return "members" + field.substring("memberPersonIds".length());
    }
    return field.equals("clientNonce") ? "nonce" : field;
  }
}
