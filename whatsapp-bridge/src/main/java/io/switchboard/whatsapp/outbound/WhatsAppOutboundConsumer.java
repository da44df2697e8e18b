package io.switchboard.whatsapp.outbound;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.switchboard.adapter.outbound.OutboundProcessor;
import io.switchboard.adapter.outbound.OutboundSender;
import io.switchboard.adapter.outbound.RateLimiter;
import io.switchboard.adapter.outbound.RetryPolicy;
import io.switchboard.adapter.outbound.SendApiClient;
import io.switchboard.adapter.outbound.SendApiConfig;
import io.switchboard.events.kafka.EncodedEvent;
import io.switchboard.events.topics.Topics;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Delivers {@code outbound.whatsapp} to the WhatsApp Cloud API. Records are taken one at a time
 * (the next only after the previous one's outcome is stored), so a conversation keeps its order,
 * and each is acknowledged only then, so a crash re-delivers rather than loses it.
 *
 * <p>The Send API machinery is adapter-kit's, set up for WhatsApp: one token bucket per phone
 * number at the Cloud API's throughput, the pair rate limit (131056) retried after a longer wait,
 * and a closed window (131047) answered with the configured template.
 */
@ApplicationScoped
public class WhatsAppOutboundConsumer {
  static final String DLQ = Topics.OUTBOUND_WHATSAPP + Topics.DLQ_SUFFIX;
  static final String COMPONENT = "whatsapp-bridge";
  static final int PAIR_RATE_LIMIT = 131056;

  private final OutboundProcessor processor;

  public WhatsAppOutboundConsumer(
      SendApiConfig sendApi,
      ThroughputConfig throughput,
      WindowTemplateConfig windowTemplate,
      LastUserMessages lastUserMessages,
      Vertx vertx,
      @Channel(DLQ) MutinyEmitter<byte[]> deadLetters,
      @Channel(Topics.DELIVERY_STATUS) MutinyEmitter<EncodedEvent> status) {
    Clock clock = Clock.systemUTC();
    OutboundSender sender =
        new OutboundSender(
            new SendApiClient(vertx, sendApi),
            new RateLimiter(limits(throughput.messagesPerSecond())),
            RetryPolicy.of(sendApi.retry())
                .withSlowRetry(
                    Set.of(PAIR_RATE_LIMIT),
                    throughput.pairRateBackoff(),
                    throughput.pairRateMaxBackoff()),
            WindowTemplate.of(windowTemplate));
    this.processor =
        OutboundProcessor.of(
            new WhatsAppSendMapping(clock, lastUserMessages),
            sender,
            deadLetters,
            status,
            COMPONENT,
            clock);
  }

  /** One bucket per phone number for every kind of message: the Cloud API counts them together. */
  private static SendApiConfig.Limits limits(int messagesPerSecond) {
    return new SendApiConfig.Limits() {
      @Override
      public int textPerSecond() {
        return messagesPerSecond;
      }

      @Override
      public int mediaPerSecond() {
        return messagesPerSecond;
      }
    };
  }

  @Incoming(Topics.OUTBOUND_WHATSAPP)
  @Acknowledgment(Acknowledgment.Strategy.MANUAL)
  public Uni<Void> deliver(Message<byte[]> message) {
    return processor.deliver(message);
  }
}
