package io.switchboard.adapter.publish;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.kafka.EncodedEvent;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes mesh events to one Kafka channel and completes only when Kafka has acknowledged every
 * one of them (the channel is configured with {@code acks=all}, an idempotent producer and the
 * {@link io.switchboard.events.kafka.EncodedEventSerializer}). Events are sent in list order, keyed
 * by conversation, so a conversation keeps its order.
 */
public final class EventPublisher {
  private final MutinyEmitter<EncodedEvent> emitter;

  public EventPublisher(MutinyEmitter<EncodedEvent> emitter) {
    this.emitter = emitter;
  }

  /**
   * Completes when all events, encoded beforehand (which checked them), are acknowledged; fails if
   * any is not.
   */
  public Uni<Void> publishAll(List<EncodedEvent> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Uni<Void>> sends = events.stream().map(this::publish).toList();
    return Uni.join().all(sends).andFailFast().replaceWithVoid();
  }

  /** Checks and encodes the event, then publishes it; fails, sending nothing, if it is invalid. */
  public Uni<Void> publish(MeshEvent<EventData> event) {
    return Uni.createFrom().item(() -> EncodedEvent.of(event)).chain(this::publish);
  }

  public Uni<Void> publish(EncodedEvent event) {
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build();
    return emitter.sendMessage(Message.of(event).addMetadata(metadata));
  }
}
