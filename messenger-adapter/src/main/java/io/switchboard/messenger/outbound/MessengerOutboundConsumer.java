package io.switchboard.messenger.outbound;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.switchboard.adapter.outbound.OutboundProcessor;
import io.switchboard.adapter.outbound.OutboundSender;
import io.switchboard.events.kafka.EncodedEvent;
import io.switchboard.events.topics.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Delivers {@code outbound.messenger} to the Messenger Send API. Records are taken one at a time
 * (the next only after the previous one's outcome is stored), so a conversation keeps its order,
 * and each is acknowledged only then, so a crash re-delivers rather than loses it.
 */
@ApplicationScoped
public class MessengerOutboundConsumer {
  static final String DLQ = Topics.OUTBOUND_MESSENGER + Topics.DLQ_SUFFIX;

  private final OutboundProcessor processor;

  public MessengerOutboundConsumer(
      OutboundSender sender,
      @Channel(DLQ) MutinyEmitter<byte[]> deadLetters,
      @Channel(Topics.DELIVERY_STATUS) MutinyEmitter<EncodedEvent> status) {
    Clock clock = Clock.systemUTC();
    this.processor =
        OutboundProcessor.of(
            new MessengerSendMapping(clock),
            sender,
            deadLetters,
            status,
            "messenger-adapter",
            clock);
  }

  @Incoming(Topics.OUTBOUND_MESSENGER)
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public Uni<Void> deliver(Message<byte[]> message) {
    return processor.deliver(message);
  }
}
