package io.switchboard.adapter.outbound;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.switchboard.adapter.publish.EventPublisher;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.kafka.EncodedEvent;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.schema.InvalidEventException;
import java.time.Clock;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * One record of {@code outbound.<platform>}, from bytes to an outcome: read the CloudEvent, map it
 * to Send API calls, make them, then report. The returned Uni completes only when the outcome is
 * stored (delivery status acknowledged, or the record acknowledged on the dead-letter topic), so a
 * consumer that commits after it never loses a record. It fails only when Kafka did not take what
 * had to be written; the record must then not be committed.
 *
 * <p>The record arrives as bytes, not as a deserialized event, so that a record that breaks the
 * contract is dead-lettered byte for byte instead of stopping the consumer.
 */
public final class OutboundProcessor {
  private static final Logger LOG = Logger.getLogger(OutboundProcessor.class);

  private final SendApiMapping mapping;
  private final OutboundSender sender;
  private final DeadLetters deadLetters;
  private final DeliveryStatusPublisher status;

  public OutboundProcessor(
      SendApiMapping mapping,
      OutboundSender sender,
      DeadLetters deadLetters,
      DeliveryStatusPublisher status) {
    this.mapping = mapping;
    this.sender = sender;
    this.deadLetters = deadLetters;
    this.status = status;
  }

  /**
   * The processor of one platform edge.
   *
   * @param deadLetters the emitter of {@code outbound.<platform>.dlq}
   * @param status the emitter of {@code delivery.status}
   * @param component the adapter's name, the source of the receipts it reports
   */
  public static OutboundProcessor of(
      SendApiMapping mapping,
      OutboundSender sender,
      MutinyEmitter<byte[]> deadLetters,
      MutinyEmitter<EncodedEvent> status,
      String component,
      Clock clock) {
    return new OutboundProcessor(
        mapping,
        sender,
        new DeadLetters(deadLetters),
        new DeliveryStatusPublisher(new EventPublisher(status), component, clock));
  }

  /**
   * Processes one consumed record and acknowledges it only once its outcome is stored, so a crash
   * re-delivers rather than loses it; when the outcome could not be stored the record is nacked
   * (the channel's {@code fail} strategy then stops consuming before the offset moves past it).
   */
  public Uni<Void> deliver(Message<byte[]> message) {
    IncomingKafkaRecordMetadata<?, ?> record =
        message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
    return process((String) record.getKey(), message.getPayload(), record.getHeaders())
        .onItem()
        .transformToUni(done -> Uni.createFrom().completionStage(message.ack()))
        .onFailure()
        .recoverWithUni(failure -> Uni.createFrom().completionStage(message.nack(failure)));
  }

  public Uni<Void> process(String key, byte[] value, Headers headers) {
    MeshEvent<EventData> event;
    OutboundPlan plan;
    try {
      event = MeshEventRecords.fromHeadersAndValue(headers, value);
    } catch (InvalidEventException e) {
      LOG.warnf("outbound record with key %s breaks the event contract: dead-lettered", key);
      return deadLetters.write(
          key, value, headers, "invalid_event", "the record is not a valid mesh event", 0, 0);
    }
    try {
      plan = mapping.plan(event);
    } catch (RuntimeException e) {
      LOG.warnf("event %s could not be mapped (%s): dead-lettered", event.id(), e.getClass());
      return deadLetters.write(
          key, value, headers, "unmappable", "the event could not be mapped to the Send API", 0, 0);
    }
    if (plan instanceof OutboundPlan.Skip skip) {
      LOG.debugf("event %s skipped: %s", event.id(), skip.why());
      return Uni.createFrom().voidItem();
    }
    if (plan instanceof OutboundPlan.Refuse refuse) {
      LOG.infof("event %s not deliverable: %s", event.id(), refuse.reason());
      if (refuse.recipient() == null) {
        // Misaddressed: no one to report to, so an operator must see it.
        return deadLetters.write(key, value, headers, refuse.reason(), refuse.explanation(), 0, 0);
      }
      return status.failed(event, refuse.recipient(), refuse.reason(), refuse.explanation());
    }
    OutboundPlan.Send send = (OutboundPlan.Send) plan;
    return sender.send(send).chain(outcome -> report(key, value, headers, event, send, outcome));
  }

  private Uni<Void> report(
      String key,
      byte[] value,
      Headers headers,
      MeshEvent<EventData> event,
      OutboundPlan.Send send,
      SendOutcome outcome) {
    if (outcome instanceof SendOutcome.Sent sent) {
      LOG.debugf(
          "event %s sent to page %s in %d calls", event.id(), send.pageId(), sent.attempts());
      if (sent.note() != null) {
        LOG.infof("event %s to page %s: %s", event.id(), send.pageId(), sent.note());
      }
      return status.sent(event, send.recipient(), sent.platformMessageIds(), sent.note());
    }
    SendOutcome.Failed failed = (SendOutcome.Failed) outcome;
    LOG.infof(
        "event %s to page %s failed: %s (%s): dead-lettered",
        event.id(), send.pageId(), failed.reason(), failed.explanation());
    return deadLetters
        .write(
            key,
            value,
            headers,
            failed.reason(),
            failed.explanation(),
            failed.attempts(),
            failed.status())
        .chain(() -> status.failed(event, send.recipient(), failed.reason(), failed.explanation()));
  }
}
