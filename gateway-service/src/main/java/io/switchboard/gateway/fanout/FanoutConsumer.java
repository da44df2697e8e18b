package io.switchboard.gateway.fanout;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.switchboard.events.Platform;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.routing.RoutingViewLoader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes every inbound topic a poll at a time (each consumer's records of one poll; several
 * partitions of a topic at once with switchboard.gateway.fanout-concurrency), keeping each
 * conversation's order. A poll is processed (log appends, local pushes) and its records handed to
 * the producer before the next poll is processed; it is acknowledged once Kafka acknowledged every
 * record it caused, while the next polls are worked on. Offsets are committed behind the
 * acknowledgements, in order (commit-strategy throttled). A failure nacks the poll and stops the
 * channel without committing, so its records are read again after a restart: at least once, with
 * duplicates dropped by event id in the log. Nothing is routed before the routing view caught up.
 */
@ApplicationScoped
public class FanoutConsumer {
  private static final Logger LOG = Logger.getLogger(FanoutConsumer.class);

  private final FanoutProcessor processor;
  private final RoutingViewLoader routing;
  private final GatewayConfig config;

  public FanoutConsumer(
      FanoutProcessor processor, RoutingViewLoader routing, GatewayConfig config) {
    this.processor = processor;
    this.routing = routing;
    this.config = config;
  }

  @Incoming(Topics.INBOUND_INSTAGRAM)
  public Uni<Void> instagram(Message<List<byte[]>> poll) {
    return consume(poll, Platform.INSTAGRAM);
  }

  @Incoming(Topics.INBOUND_MESSENGER)
  public Uni<Void> messenger(Message<List<byte[]>> poll) {
    return consume(poll, Platform.MESSENGER);
  }

  @Incoming(Topics.INBOUND_WHATSAPP)
  public Uni<Void> whatsapp(Message<List<byte[]>> poll) {
    return consume(poll, Platform.WHATSAPP);
  }

  @Incoming(Topics.INBOUND_CLIENT)
  public Uni<Void> client(Message<List<byte[]>> poll) {
    return consume(poll, Platform.SWITCHBOARD);
  }

  /**
   * Typing is ephemeral: read a record at a time from the end of its topic, and a record that
   * cannot be pushed is skipped rather than retried (the channel's failure strategy is {@code
   * ignore}).
   */
  @Incoming(Topics.TYPING)
  public Uni<Void> typing(Message<byte[]> message) {
    IncomingKafkaRecordMetadata<?, ?> record =
        message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
    return routed()
        .chain(
            () ->
                processor.process(
                    record.getTopic(),
                    (String) record.getKey(),
                    message.getPayload(),
                    record.getHeaders(),
                    Platform.SWITCHBOARD))
        .chain(() -> Uni.createFrom().completionStage(message.ack()))
        .onFailure()
        .recoverWithUni(failure -> Uni.createFrom().completionStage(message.nack(failure)));
  }

  @SuppressWarnings("unchecked")
  private Uni<Void> consume(Message<List<byte[]>> poll, Platform arrivedOn) {
    IncomingKafkaRecordBatchMetadata<String, byte[]> batch =
        poll.getMetadata(IncomingKafkaRecordBatchMetadata.class).orElseThrow();
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(batch.count());
    batch.getRecords().forEach(records::add);
    return routed()
        .chain(() -> processor.processAll(records, arrivedOn))
        .invoke(
            acknowledged ->
                acknowledged
                    .subscribe()
                    .with(
                        done -> poll.ack(),
                        failure -> {
                          LOG.warnf(
                              "fan-out of %d records of %s failed: %s",
                              records.size(), batch.getChannel(), failure.getClass().getName());
                          poll.nack(failure);
                        }))
        .replaceWithVoid()
        .onFailure()
        .recoverWithUni(failure -> Uni.createFrom().completionStage(poll.nack(failure)));
  }

  /** Completes once the routing view caught up with identity.links. */
  private Uni<Void> routed() {
    return Uni.createFrom()
        .completionStage(routing.caughtUp())
        .ifNoItem()
        .after(config.routingViewStartTimeout())
        .failWith(() -> new IllegalStateException("routing view did not catch up"))
        .replaceWithVoid();
  }
}
