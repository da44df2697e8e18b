package io.switchboard.gateway.fanout;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventCodec;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.routing.RoutingView;
import io.switchboard.events.schema.InvalidEventException;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.log.ConversationLog;
import io.switchboard.gateway.log.ConversationLog.Appended;
import io.switchboard.gateway.log.LogEntry;
import io.switchboard.gateway.routing.RoutingViewLoader;
import io.switchboard.gateway.websocket.DeviceSessions;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Fans one inbound record out: plans it from the routing view, appends it to the conversation log,
 * pushes it to connected devices and writes one outbound record per target app account (or a failed
 * receipt for sealed content with no end-to-end endpoint). Completes when the log and Kafka hold
 * everything.
 */
@ApplicationScoped
public class FanoutProcessor {
  private static final Logger LOG = Logger.getLogger(FanoutProcessor.class);
  static final String DLQ_REASON = "switchboard_dlq_reason";

  private final RoutingViewLoader routing;
  private final ConversationLog log;
  private final MeshProducer producer;
  private final DeviceSessions sessions;
  private final GatewayConfig config;
  private final MeterRegistry metrics;
  private final Clock clock = Clock.systemUTC();

  public FanoutProcessor(
      RoutingViewLoader routing,
      ConversationLog log,
      MeshProducer producer,
      DeviceSessions sessions,
      GatewayConfig config,
      MeterRegistry metrics) {
    this.routing = routing;
    this.log = log;
    this.producer = producer;
    this.sessions = sessions;
    this.config = config;
    this.metrics = metrics;
  }

  public Uni<Void> process(
      String topic, String key, byte[] value, Headers headers, Platform arrivedOn) {
    MeshEvent<EventData> event;
    try {
      event = MeshEventRecords.fromHeadersAndValue(headers, value);
    } catch (InvalidEventException e) {
      count("invalid_event");
      return producer.sendAll(List.of(deadLetter(topic, key, value, headers)));
    }
    if (!(event.data() instanceof MessageCreated message)) {
      count("not_handled");
      return Uni.createFrom().voidItem();
    }
    return fanOut(event, message, arrivedOn);
  }

  private Uni<Void> fanOut(MeshEvent<?> event, MessageCreated message, Platform arrivedOn) {
    RoutingView view = routing.view();
    Optional<AccountRoute> sender = view.find(message.sender());
    Optional<AccountRoute> recipient =
        message.recipient() == null ? Optional.empty() : view.find(message.recipient());
    return log.hasMessages(message.conversationId())
        .map(known -> FanoutPlanner.plan(arrivedOn, message, sender, recipient, known))
        .chain(
            plan -> {
              if (plan.dropped()) {
                count(plan.dropReason());
                return Uni.createFrom().voidItem();
              }
              LogEntry entry = entry(event, message, arrivedOn, plan);
              return log.append(entry, plan.memberPersonIds())
                  .chain(appended -> deliver(event, message, entry, plan, appended));
            });
  }

  private Uni<Void> deliver(
      MeshEvent<?> event,
      MessageCreated message,
      LogEntry entry,
      FanoutPlan plan,
      Appended appended) {
    if (!appended.fresh() && appended.fannedOut()) {
      count("duplicate");
      return Uni.createFrom().voidItem();
    }
    if (appended.fresh()) {
      sessions.push(withSeq(entry, appended.seq()), plan.memberPersonIds());
    }
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (AccountRef target : plan.appTargets()) {
      String business = config.businessAccounts().get(target.platform().wireName());
      if (business == null) {
        count("no_business_account");
        continue;
      }
      records.add(
          MeshEventRecords.toRecord(
              Topics.outboundOf(target.platform()),
              OutboundEvents.forAccount(event, message, appended.seq(), business, target)));
    }
    if (plan.noE2eEndpoint()) {
      records.add(
          MeshEventRecords.toRecord(
              Topics.DELIVERY_STATUS, OutboundEvents.noE2eEndpoint(message, clock.instant())));
    }
    count(plan.request() ? "request" : "delivered");
    return producer.sendAll(records).chain(() -> log.markFannedOut(event.id()));
  }

  private static LogEntry entry(
      MeshEvent<?> event, MessageCreated message, Platform arrivedOn, FanoutPlan plan) {
    return new LogEntry(
        message.conversationId(),
        0,
        event.id(),
        event.type().ceType(),
        arrivedOn,
        message.sender(),
        plan.senderPersonId(),
        plan.request(),
        new String(EventCodec.encodeData(message), StandardCharsets.UTF_8));
  }

  private static LogEntry withSeq(LogEntry e, long seq) {
    return new LogEntry(
        e.conversationId(),
        seq,
        e.eventId(),
        e.eventType(),
        e.platform(),
        e.sender(),
        e.senderPersonId(),
        e.request(),
        e.dataJson());
  }

  private static ProducerRecord<String, byte[]> deadLetter(
      String topic, String key, byte[] value, Headers headers) {
    LOG.warnf("invalid event on %s sent to its dead-letter topic", topic);
    RecordHeaders copy = new RecordHeaders();
    headers.forEach(header -> copy.add(header.key(), header.value()));
    copy.remove(DLQ_REASON);
    copy.add(DLQ_REASON, "invalid_event".getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(Topics.dlqOf(topic), null, key, value, copy);
  }

  private void count(String outcome) {
    metrics.counter("switchboard.gateway.fanout", "outcome", outcome).increment();
  }
}
