package io.switchboard.gateway.fanout;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.switchboard.events.Platform;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.routing.RoutingViewLoader;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes every inbound topic, one record at a time per partition (so a conversation keeps its
 * order; several partitions of a topic at once, switchboard.gateway.fanout-concurrency), and
 * acknowledges a record only after its log append and every record it caused were acknowledged;
 * offsets are committed behind the acknowledgements. A failure nacks the record and stops the
 * channel without committing, so the record is read again after a restart: at least once, with
 * duplicates dropped by event id in the log. Nothing is routed before the routing view caught up.
 */
@ApplicationScoped
public class FanoutConsumer {
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
  public Uni<Void> instagram(Message<byte[]> message) {
    return consume(message, Platform.INSTAGRAM);
  }

  @Incoming(Topics.INBOUND_MESSENGER)
  public Uni<Void> messenger(Message<byte[]> message) {
    return consume(message, Platform.MESSENGER);
  }

  @Incoming(Topics.INBOUND_WHATSAPP)
  public Uni<Void> whatsapp(Message<byte[]> message) {
    return consume(message, Platform.WHATSAPP);
  }

  @Incoming(Topics.INBOUND_CLIENT)
  public Uni<Void> client(Message<byte[]> message) {
    return consume(message, Platform.SWITCHBOARD);
  }

  /**
   * Typing is ephemeral: read from the end of its topic, and a record that cannot be pushed is
   * skipped rather than retried (the channel's failure strategy is {@code ignore}).
   */
  @Incoming(Topics.TYPING)
  public Uni<Void> typing(Message<byte[]> message) {
    return consume(message, Platform.SWITCHBOARD);
  }

  private Uni<Void> consume(Message<byte[]> message, Platform arrivedOn) {
    IncomingKafkaRecordMetadata<?, ?> record =
        message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
    return Uni.createFrom()
        .completionStage(routing.caughtUp())
        .ifNoItem()
        .after(config.routingViewStartTimeout())
        .failWith(() -> new IllegalStateException("routing view did not catch up"))
        .chain(
            () ->
                processor.process(
                    record.getTopic(),
                    (String) record.getKey(),
                    message.getPayload(),
                    record.getHeaders(),
                    arrivedOn))
        .chain(() -> Uni.createFrom().completionStage(message.ack()))
        .onFailure()
        .recoverWithUni(failure -> Uni.createFrom().completionStage(message.nack(failure)));
  }
}
