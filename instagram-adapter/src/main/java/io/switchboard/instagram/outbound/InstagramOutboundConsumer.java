package io.switchboard.instagram.outbound;

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
 * Delivers {@code outbound.instagram} to the Instagram Messaging API's Send API. Records are taken
 * one at a time (the next only after the previous one's outcome is stored), so a conversation keeps
 * its order, and each is acknowledged only then, so a crash re-delivers rather than loses it.
 */
@ApplicationScoped
public class InstagramOutboundConsumer {
  static final String DLQ = Topics.OUTBOUND_INSTAGRAM + Topics.DLQ_SUFFIX;

  private final OutboundProcessor processor;

  public InstagramOutboundConsumer(
      OutboundSender sender,
      @Channel(DLQ) MutinyEmitter<byte[]> deadLetters,
      @Channel(Topics.DELIVERY_STATUS) MutinyEmitter<EncodedEvent> status) {
    Clock clock = Clock.systemUTC();
    this.processor =
        OutboundProcessor.of(
            new InstagramSendMapping(clock),
            sender,
            deadLetters,
            status,
            "instagram-adapter",
            clock);
  }

  @Incoming(Topics.OUTBOUND_INSTAGRAM)
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public Uni<Void> deliver(Message<byte[]> message) {
    return processor.deliver(message);
  }
}
