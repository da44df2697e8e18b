package io.switchboard.adapter.publish;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes mesh events to one Kafka channel and completes only when Kafka has acknowledged every
 * one of them (the channel is configured with {@code acks=all} and an idempotent producer). Events
 * are sent in list order, keyed by conversation, so a conversation keeps its order.
 */
public final class EventPublisher {
  private final MutinyEmitter<MeshEvent<EventData>> emitter;

  public EventPublisher(MutinyEmitter<MeshEvent<EventData>> emitter) {
    this.emitter = emitter;
  }

  /** Completes when all events are acknowledged; fails if any is not. */
  public Uni<Void> publishAll(List<MeshEvent<EventData>> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Uni<Void>> sends = events.stream().map(this::publish).toList();
    return Uni.join().all(sends).andFailFast().replaceWithVoid();
  }

  public Uni<Void> publish(MeshEvent<EventData> event) {
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build();
    return emitter.sendMessage(Message.of(event).addMetadata(metadata));
  }
}
