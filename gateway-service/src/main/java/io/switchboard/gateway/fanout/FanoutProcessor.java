package io.switchboard.gateway.fanout;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventCodec;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.Content;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.ConversationChanged;
import io.switchboard.events.data.ConversationEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageDeleted;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.Typing;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.kafka.SwitchboardHeaders;
import io.switchboard.events.routing.RoutingView;
import io.switchboard.events.schema.InvalidEventException;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.log.Conversation;
import io.switchboard.gateway.log.ConversationLog;
import io.switchboard.gateway.log.ConversationLog.Appended;
import io.switchboard.gateway.log.LogEntry;
import io.switchboard.gateway.log.SwitchboardConversations;
import io.switchboard.gateway.relay.PushRelay;
import io.switchboard.gateway.routing.RoutingViewLoader;
import io.switchboard.gateway.websocket.Frames;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Fans one inbound record out. A message is planned from the routing view (and, in a conversation
 * of members, from the conversation), appended to the conversation log, pushed to the members'
 * devices on every replica and written once per target app account (or reported failed when sealed
 * content has no end-to-end endpoint). Edits, unsends and reactions follow the message they name,
 * and cross to apps as text fallbacks; receipts, typing and group changes are handed to {@link
 * ConversationEvents}. Completes when the log and Kafka hold everything.
 */
@ApplicationScoped
public class FanoutProcessor {
  private static final Logger LOG = Logger.getLogger(FanoutProcessor.class);
  static final String UNKNOWN_CONVERSATION = "unknown_conversation";
  static final String UNKNOWN_MESSAGE = "unknown_message";

  private final RoutingViewLoader routing;
  private final ConversationLog log;
  private final MeshProducer producer;
  private final PushRelay relay;
  private final ConversationEvents conversationEvents;
  private final GatewayConfig config;
  private final MeterRegistry metrics;
  private final Timer recordTime;
  private final Clock clock = Clock.systemUTC();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  public FanoutProcessor(
      RoutingViewLoader routing,
      ConversationLog log,
      MeshProducer producer,
      PushRelay relay,
      ConversationEvents conversationEvents,
      GatewayConfig config,
      MeterRegistry metrics) {
    this.routing = routing;
    this.log = log;
    this.producer = producer;
    this.relay = relay;
    this.conversationEvents = conversationEvents;
    this.config = config;
    this.metrics = metrics;
    this.recordTime =
        Timer.builder("switchboard.gateway.fanout.record")
            .description("Time to fan one inbound record out, before Kafka acknowledges it")
            .register(metrics);
  }

  /** Fans one record out, and completes when the log and Kafka hold everything it caused. */
  public Uni<Void> process(
      String topic, String key, byte[] value, Headers headers, Platform arrivedOn) {
    FanoutBatch batch = new FanoutBatch(inFlight);
    return process(topic, key, value, headers, arrivedOn, batch)
        .chain(() -> batch.hand(producer, log))
        .chain(acknowledged -> acknowledged);
  }

  /**
   * Fans the records of one poll out. The records of one key (a conversation) are processed one
   * after the other in their order; different keys at once, up to
   * switchboard.gateway.fanout-keys-in-flight. Every record they cause is then handed to the
   * producer together ({@link FanoutBatch}). The outer result completes once they are handed, so
   * the next poll can be processed (its records go after these); the inner one once the log and
   * Kafka hold everything, when the poll can be acknowledged.
   */
  public Uni<Uni<Void>> processAll(
      List<ConsumerRecord<String, byte[]>> records, Platform arrivedOn) {
    Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new LinkedHashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record);
    }
    FanoutBatch batch = new FanoutBatch(inFlight);
    return Multi.createFrom()
        .iterable(byKey.values())
        .onItem()
        .transformToUni(
            sameKey ->
                Multi.createFrom()
                    .iterable(sameKey)
                    .onItem()
                    .transformToUniAndConcatenate(
                        r ->
                            timed(
                                () ->
                                    process(
                                        r.topic(),
                                        r.key(),
                                        r.value(),
                                        r.headers(),
                                        arrivedOn,
                                        batch)))
                    .onItem()
                    .ignoreAsUni())
        .merge(config.fanoutKeysInFlight())
        .onItem()
        .ignoreAsUni()
        .chain(() -> batch.hand(producer, log));
  }

  private Uni<Void> process(
      String topic,
      String key,
      byte[] value,
      Headers headers,
      Platform arrivedOn,
      FanoutBatch batch) {
    MeshEvent<EventData> event;
    try {
      event = MeshEventRecords.fromHeadersAndValue(headers, value);
    } catch (InvalidEventException e) {
      if (Topics.TYPING.equals(topic)) {
        return dropped("invalid_event");
      }
      count("invalid_event");
      batch.send(deadLetter(topic, key, value, headers));
      return Uni.createFrom().voidItem();
    }
    if (batch.inFlight(event.id())) {
      // A copy of an event whose fan-out is handed but not yet marked in the log. Asked before the
      // log is read: asked only after, the mark could commit in between (the read saw it unmarked,
      // and the event is no longer in flight) and the copy would be fanned out a second time.
      return dropped("duplicate");
    }
    EventData data = event.data();
    // The record's value is the event's data as JSON, just checked against its schema (which
    // admits no other fields): the log stores it as it came instead of writing it again.
    String dataJson = new String(value, StandardCharsets.UTF_8);
    if (data instanceof MessageCreated message) {
      return message(event, message, dataJson, arrivedOn, batch);
    }
    if (data instanceof MessageEdited
        || data instanceof MessageDeleted
        || data instanceof ReactionAdded
        || data instanceof ReactionRemoved) {
      return annotation(event, (ConversationEvent) data, dataJson, arrivedOn, batch);
    }
    if (data instanceof Receipt receipt) {
      return conversationEvents.receipt(event, receipt);
    }
    if (data instanceof Typing typing) {
      return conversationEvents.typing(typing, batch);
    }
    if (data instanceof ConversationChanged change) {
      return conversationEvents.change(event, change, arrivedOn, batch);
    }
    return dropped("not_handled");
  }

  private Uni<Void> message(
      MeshEvent<?> event,
      MessageCreated message,
      String dataJson,
      Platform arrivedOn,
      FanoutBatch batch) {
    if (arrivedOn != Platform.SWITCHBOARD && isBusinessAccount(message.recipient())) {
      // An app user answering the gateway's business account: the answer goes back into the
      // conversation the gateway last wrote to them from.
      return log.bridgedConversation(message.sender())
          .chain(
              bridged ->
                  bridged.isPresent()
                      ? inConversation(event, message, dataJson, arrivedOn, bridged.get(), batch)
                      : dropped("no_bridge"));
    }
    if (arrivedOn == Platform.SWITCHBOARD
        || SwitchboardConversations.isSwitchboard(message.conversationId())) {
      return inConversation(event, message, dataJson, arrivedOn, message.conversationId(), batch);
    }
    return fromApp(event, message, dataJson, arrivedOn, batch);
  }

  /** A message written on an app to an account: the recipient's routing decides. */
  private Uni<Void> fromApp(
      MeshEvent<?> event,
      MessageCreated message,
      String dataJson,
      Platform arrivedOn,
      FanoutBatch batch) {
    RoutingView view = routing.view();
    Optional<AccountRoute> sender = view.find(message.sender());
    Optional<AccountRoute> recipient =
        message.recipient() == null ? Optional.empty() : view.find(message.recipient());
    return log.hasMessages(message.conversationId())
        .map(known -> FanoutPlanner.plan(arrivedOn, message, sender, recipient, known))
        .chain(
            plan -> {
              if (plan.dropped()) {
                return dropped(plan.dropReason());
              }
              LogEntry entry =
                  entry(
                          message.conversationId(),
                          event,
                          message,
                          dataJson,
                          arrivedOn,
                          plan.senderPersonId())
                      .withRequest(plan.request());
              List<AccountRef> accounts = new ArrayList<>(List.of(message.sender()));
              if (message.recipient() != null) {
                accounts.add(message.recipient());
              }
              return log.append(entry, plan.memberPersonIds(), accounts, sendsNothing(plan))
                  .chain(appended -> deliver(event, message, entry, plan, appended, batch));
            });
  }

  /** A message into a conversation of members: the conversation decides. */
  private Uni<Void> inConversation(
      MeshEvent<?> event,
      MessageCreated message,
      String dataJson,
      Platform arrivedOn,
      String conversationId,
      FanoutBatch batch) {
    RoutingView view = routing.view();
    Optional<AccountRoute> sender = view.find(message.sender());
    return log.participants(conversationId)
        .chain(
            participants -> {
              Optional<Conversation> found = participants.conversation();
              Optional<Conversation> conversation =
                  found.or(() -> SwitchboardConversations.newDirect(conversationId));
              if (conversation.isEmpty()) {
                return dropped(UNKNOWN_CONVERSATION);
              }
              Conversation c = conversation.get();
              FanoutPlan plan =
                  ConversationPlanner.plan(
                      arrivedOn,
                      message,
                      sender,
                      c,
                      participants.accounts(),
                      view::person,
                      view::find);
              if (plan.dropped()) {
                return dropped(plan.dropReason());
              }
              LogEntry entry =
                  entry(conversationId, event, message, dataJson, arrivedOn, plan.senderPersonId())
                      .withRequest(plan.request());
              Uni<Appended> appended =
                  found.isPresent()
                      ? log.appendTo(entry, sendsNothing(plan))
                      : log.append(entry, c.members(), List.of(), sendsNothing(plan));
              MessageCreated outgoing =
                  c.group()
                      ? withContent(message, Fallbacks.inGroup(message.content(), c.name()))
                      : message;
              return appended.chain(a -> deliver(event, outgoing, entry, plan, a, batch));
            });
  }

  /**
   * An edit, unsend or reaction: appended to the conversation of the message it names, pushed to
   * the members' devices, and sent as a text fallback wherever that message's sender would reach
   * now. Only the message's own sender edits or unsends it.
   */
  private Uni<Void> annotation(
      MeshEvent<?> event,
      ConversationEvent data,
      String dataJson,
      Platform arrivedOn,
      FanoutBatch batch) {
    Annotations.Target target = Annotations.target(data);
    String messageId = target.messageId();
    AccountRef actor = target.actor();
    return log.findMessage(messageId)
        .chain(
            found -> {
              if (found.isEmpty()) {
                return dropped(UNKNOWN_MESSAGE);
              }
              LogEntry original = found.get();
              RoutingView view = routing.view();
              Optional<AccountRoute> actorRoute = view.find(actor);
              String actorPerson = actorRoute.map(AccountRoute::personId).orElse(null);
              boolean own =
                  original.sender().equals(actor)
                      || (actorPerson != null && actorPerson.equals(original.senderPersonId()));
              if (Annotations.authorOnly(data) && !own) {
                return dropped("not_yours");
              }
              MessageCreated originalMessage;
              try {
                originalMessage =
                    (MessageCreated)
                        EventCodec.decodeData(
                            EventType.MESSAGE_CREATED,
                            original.dataJson().getBytes(StandardCharsets.UTF_8));
              } catch (RuntimeException e) {
                // A row the log should never hold (written by hand or by an older version): the
                // annotation has nothing to follow, and the channel must not stop for it.
                LOG.warnf("log entry %s is not a readable message", original.eventId());
                return dropped(UNKNOWN_MESSAGE);
              }
              String conversationId = original.conversationId();
              return log.participants(conversationId)
                  .chain(
                      participants -> {
                        Optional<Conversation> conversation = participants.conversation();
                        List<AccountRef> accounts = participants.accounts();
                        MessageCreated fallback =
                            Annotations.fallbackMessage(
                                event, originalMessage, actor, Fallbacks.of(data));
                        FanoutPlan plan =
                            arrivedOn == Platform.SWITCHBOARD
                                    || SwitchboardConversations.isSwitchboard(conversationId)
                                ? ConversationPlanner.plan(
                                    arrivedOn,
                                    fallback,
                                    actorRoute,
                                    conversation.orElseThrow(),
                                    accounts,
                                    view::person,
                                    view::find)
                                : FanoutPlanner.plan(
                                    arrivedOn,
                                    fallback,
                                    actorRoute,
                                    Optional.ofNullable(fallback.recipient()).flatMap(view::find),
                                    true);
                        if (plan.dropped()) {
                          return dropped(plan.dropReason());
                        }
                        LogEntry entry =
                            new LogEntry(
                                conversationId,
                                0,
                                event.id(),
                                event.type().ceType(),
                                arrivedOn,
                                actor,
                                actorPerson,
                                false,
                                dataJson);
                        FanoutPlan noReport = plan.withoutNoE2eReport();
                        return log.appendTo(entry, sendsNothing(noReport))
                            .chain(a -> deliver(event, fallback, entry, noReport, a, batch));
                      });
            });
  }

  private Uni<Void> deliver(
      MeshEvent<?> event,
      MessageCreated outgoing,
      LogEntry entry,
      FanoutPlan plan,
      Appended appended,
      FanoutBatch batch) {
    if (!appended.fresh() && (appended.fannedOut() || batch.inFlight(event.id()))) {
      return dropped("duplicate");
    }
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    relay
        .push(
            entry.conversationId(),
            Frames.message(entry.withSeq(appended.seq())),
            plan.memberPersonIds())
        .ifPresent(records::add);
    List<AccountRef> sentTo = new ArrayList<>();
    for (AccountRef target : plan.appTargets()) {
      String business = config.businessAccounts().get(target.platform().wireName());
      if (business == null) {
        count("no_business_account");
        continue;
      }
      sentTo.add(target);
      records.add(
          MeshEventRecords.toRecord(
              Topics.outboundOf(target.platform()),
              OutboundEvents.forAccount(event, outgoing, appended.seq(), business, target)));
    }
    if (plan.noE2eEndpoint()) {
      MeshEvent<Receipt> failed = OutboundEvents.noE2eEndpoint(event, outgoing, clock.instant());
      records.add(MeshEventRecords.toRecord(Topics.DELIVERY_STATUS, failed));
      // The sender's devices hear it too: their message shows as not delivered, and why.
      if (plan.senderPersonId() != null) {
        relay
            .push(
                entry.conversationId(),
                PushFrames.receipt(
                    entry.conversationId(), failed.data(), failed.data().messageIds(), null),
                List.of(plan.senderPersonId()))
            .ifPresent(records::add);
      }
    }
    count(plan.request() ? "request" : "delivered");
    return log.bridge(entry.conversationId(), sentTo)
        .invoke(
            () -> {
              batch.send(records);
              if (!appended.fannedOut()) {
                batch.fannedOut(event.id());
              }
            });
  }

  /**
   * Whether a plan's fan-out sends nothing through Kafka: no app account to write to, no failure to
   * report and no other replica to tell. Its entry is then stored fanned out: a copy of the event
   * read again is dropped, and its devices find it in the log. Should another replica's lease
   * appear before the push, the push record still goes out, without a mark to wait for.
   */
  private boolean sendsNothing(FanoutPlan plan) {
    return !plan.noE2eEndpoint()
        && !relay.relaying()
        && plan.appTargets().stream()
            .noneMatch(t -> config.businessAccounts().containsKey(t.platform().wireName()));
  }

  private boolean isBusinessAccount(AccountRef account) {
    return account != null
        && account.accountId().equals(config.businessAccounts().get(account.platform().wireName()));
  }

  private static MessageCreated withContent(MessageCreated m, Content content) {
    return new MessageCreated(
        m.conversationId(),
        m.messageId(),
        m.sender(),
        m.recipient(),
        content,
        m.replyTo(),
        m.sequence(),
        m.clientNonce(),
        m.sentAt(),
        m.receivedAt());
  }

  private static LogEntry entry(
      String conversationId,
      MeshEvent<?> event,
      MessageCreated message,
      String dataJson,
      Platform arrivedOn,
      String senderPersonId) {
    return new LogEntry(
        conversationId,
        0,
        event.id(),
        event.type().ceType(),
        arrivedOn,
        message.sender(),
        senderPersonId,
        false,
        dataJson);
  }

  private static ProducerRecord<String, byte[]> deadLetter(
      String topic, String key, byte[] value, Headers headers) {
    LOG.warnf("invalid event on %s sent to its dead-letter topic", topic);
    RecordHeaders copy = new RecordHeaders();
    headers.forEach(header -> copy.add(header.key(), header.value()));
    copy.remove(SwitchboardHeaders.DLQ_REASON);
    copy.add(SwitchboardHeaders.DLQ_REASON, "invalid_event".getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(Topics.dlqOf(topic), null, key, value, copy);
  }

  private Uni<Void> dropped(String outcome) {
    count(outcome);
    return Uni.createFrom().voidItem();
  }

  /**
   * Times one record's fan-out, from the start of its processing to the records it caused being
   * ready to hand (not Kafka's acknowledgement): the records of a conversation are processed one
   * after the other, so this time bounds the messages per second a single conversation can take.
   */
  private Uni<Void> timed(Supplier<Uni<Void>> work) {
    return Uni.createFrom()
        .deferred(
            () -> {
              long start = System.nanoTime();
              return work.get()
                  .onTermination()
                  .invoke(() -> recordTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
            });
  }

  private void count(String outcome) {
    metrics.counter("switchboard.gateway.fanout", "outcome", outcome).increment();
  }
}
