package io.switchboard.gateway.fanout;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.EventCodec;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.ConversationChange;
import io.switchboard.events.data.ConversationChanged;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.Typing;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.routing.RoutingView;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.log.Conversation;
import io.switchboard.gateway.log.ConversationLog;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The conversation events that are not messages: receipts flowing back to the sender (monotonic,
 * per message and reader), typing (pushed, never stored), and changes of groups (stored with the
 * conversation and appended to its log, so members catch up on them with {@code sync}).
 */
@ApplicationScoped
public class ConversationEvents {
  static final String NO_PERSON = FanoutPlan.NO_PERSON;

  private final RoutingViewLoader routing;
  private final ConversationLog log;
  private final MeshProducer producer;
  private final PushRelay relay;
  private final MeterRegistry metrics;
  private final Clock clock = Clock.systemUTC();

  public ConversationEvents(
      RoutingViewLoader routing,
      ConversationLog log,
      MeshProducer producer,
      PushRelay relay,
      MeterRegistry metrics) {
    this.routing = routing;
    this.log = log;
    this.producer = producer;
    this.relay = relay;
    this.metrics = metrics;
  }

  /**
   * A delivered or read receipt naming messages of the log. Only a reader who reaches the message
   * counts: a member person of its conversation, or an app account that took part in it; a reader's
   * receipt of their own message changes nothing. Per conversation, the states that move forward
   * for the reader ({@link ConversationLog#advanceReceipts}) go to {@code delivery.status} (keyed
   * by the conversation, with an id derived from the receipt, so a redelivery repeats it) and to
   * the senders' devices.
   */
  Uni<Void> receipt(MeshEvent<?> event, Receipt receipt) {
    int rank =
        switch (receipt.status()) {
          case DELIVERED -> 1;
          case READ -> 2;
          default -> 0;
        };
    if (rank == 0 || receipt.messageIds().isEmpty()) {
      return dropped("not_handled");
    }
    Optional<AccountRoute> reader = routing.view().find(receipt.account());
    String readerPerson = reader.map(AccountRoute::personId).orElse(null);
    String readerKey =
        readerPerson != null
            ? readerPerson
            : receipt.account().platform().wireName() + ":" + receipt.account().accountId();
    List<String> named = List.copyOf(new LinkedHashSet<>(receipt.messageIds()));
    Uni<Map<String, List<LogEntry>>> found =
        log.findMessages(named, readerPerson)
            .chain(messages -> reachable(named, messages, receipt, readerPerson));
    return found.chain(
        byConversation -> {
          if (byConversation.isEmpty()) {
            return dropped("receipt_unchanged");
          }
          Uni<Void> done = Uni.createFrom().voidItem();
          for (Map.Entry<String, List<LogEntry>> conversation : byConversation.entrySet()) {
            String conversationId = conversation.getKey();
            List<LogEntry> messages = conversation.getValue();
            done =
                done.chain(
                    () ->
                        log.advanceReceipts(
                                conversationId,
                                messages.stream().map(ConversationEvents::messageId).toList(),
                                readerKey,
                                rank,
                                moved ->
                                    producer.sendAll(
                                        records(
                                            event,
                                            receipt,
                                            conversationId,
                                            messages,
                                            moved,
                                            readerPerson)))
                            .invoke(
                                moved -> count(moved.isEmpty() ? "receipt_unchanged" : "receipt"))
                            .replaceWithVoid());
          }
          return done;
        });
  }

  /**
   * The named messages the reader reaches, by conversation in the order first named: not their own,
   * in a conversation where the reader person is a member or, failing that, whose app accounts
   * include the reader's account (asked once per conversation).
   */
  private Uni<Map<String, List<LogEntry>>> reachable(
      List<String> named,
      Map<String, ConversationLog.Named> messages,
      Receipt receipt,
      String readerPerson) {
    Map<String, List<LogEntry>> byConversation = new LinkedHashMap<>();
    Map<String, List<LogEntry>> viaAccounts = new LinkedHashMap<>();
    for (String messageId : named) {
      ConversationLog.Named message = messages.get(messageId);
      if (message == null || ownMessage(message.entry(), receipt, readerPerson)) {
        continue;
      }
      String conversationId = message.entry().conversationId();
      (message.readerIsMember() ? byConversation : viaAccounts)
          .computeIfAbsent(conversationId, c -> new ArrayList<>())
          .add(message.entry());
    }
    Uni<Map<String, List<LogEntry>>> reached = Uni.createFrom().item(byConversation);
    for (Map.Entry<String, List<LogEntry>> pending : viaAccounts.entrySet()) {
      reached =
          reached.call(
              map ->
                  log.accounts(pending.getKey())
                      .invoke(
                          accounts -> {
                            if (accounts.contains(receipt.account())) {
                              map.computeIfAbsent(pending.getKey(), c -> new ArrayList<>())
                                  .addAll(pending.getValue());
                            }
                          }));
    }
    return reached;
  }

  private List<ProducerRecord<String, byte[]>> records(
      MeshEvent<?> event,
      Receipt receipt,
      String conversationId,
      List<LogEntry> messages,
      List<String> moved,
      String readerPerson) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    records.add(
        MeshEventRecords.toRecord(
            Topics.DELIVERY_STATUS, status(event, receipt, conversationId, moved)));
    Set<String> senders = new LinkedHashSet<>();
    messages.stream()
        .filter(m -> moved.contains(messageId(m)))
        .map(LogEntry::senderPersonId)
        .filter(p -> p != null)
        .forEach(senders::add);
    if (!senders.isEmpty()) {
      relay
          .push(
              conversationId,
              PushFrames.receipt(conversationId, receipt, moved, readerPerson),
              senders)
          .ifPresent(records::add);
    }
    return records;
  }

  private static String messageId(LogEntry message) {
    try {
      return EventCodec.mapper().readTree(message.dataJson()).path("messageId").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Typing in a conversation: pushed to the other members' devices while it is fresh. */
  Uni<Void> typing(Typing typing, FanoutBatch batch) {
    if (typing.expiresAt() != null && typing.expiresAt().isBefore(clock.instant())) {
      return dropped("typing_expired");
    }
    Optional<String> person = routing.view().find(typing.sender()).map(AccountRoute::personId);
    if (person.isEmpty()) {
      return dropped(NO_PERSON);
    }
    return log.conversation(typing.conversationId())
        .chain(
            found -> {
              if (found.isEmpty() || !found.get().member(person.get())) {
                return dropped(ConversationPlanner.NOT_A_MEMBER);
              }
              List<String> others =
                  found.get().members().stream().filter(m -> !m.equals(person.get())).toList();
              count("typing");
              relay
                  .push(typing.conversationId(), PushFrames.typing(typing, person.get()), others)
                  .ifPresent(batch::send);
              return Uni.createFrom().voidItem();
            });
  }

  /**
   * A change of a Switchboard group, from a member's device: created (the creator among the
   * members), members added or removed, renamed, theme changed. People the routing view does not
   * know are left out. The change and its log entry are stored in one transaction and pushed to
   * everyone who was or is a member.
   */
  Uni<Void> change(
      MeshEvent<?> event, ConversationChanged change, Platform arrivedOn, FanoutBatch batch) {
    if (arrivedOn != Platform.SWITCHBOARD
        || !SwitchboardConversations.isGroup(change.conversationId())) {
      return dropped("not_handled");
    }
    Optional<String> actor = routing.view().find(change.actor()).map(AccountRoute::personId);
    if (actor.isEmpty()) {
      return dropped(NO_PERSON);
    }
    return log.stored(event.id())
        .chain(
            stored ->
                stored.isPresent()
                    ? again(stored.get(), change.conversationId(), batch)
                    : firstTime(event, change, actor.get(), arrivedOn, batch));
  }

  /**
   * A change whose entry is already in the log (a redelivery): nothing is decided again from
   * today's membership; an unfinished fan-out pushes the stored entry to the group as it is now and
   * to the people the stored change named, so removed members still learn it.
   */
  private Uni<Void> again(ConversationLog.Stored stored, String conversationId, FanoutBatch batch) {
    if (stored.fannedOut() || batch.inFlight(stored.entry().eventId())) {
      return dropped("duplicate");
    }
    ConversationChanged applied =
        (ConversationChanged)
            EventCodec.decodeData(
                EventType.CONVERSATION_CHANGED,
                stored.entry().dataJson().getBytes(StandardCharsets.UTF_8));
    return log.conversation(conversationId)
        .chain(
            found -> {
              Set<String> audience = new LinkedHashSet<>(applied.memberPersonIds());
              found.ifPresent(c -> audience.addAll(c.members()));
              return pushChange(stored.entry(), audience, batch);
            });
  }

  private Uni<Void> firstTime(
      MeshEvent<?> event,
      ConversationChanged change,
      String actor,
      Platform arrivedOn,
      FanoutBatch batch) {
    RoutingView view = routing.view();
    return log.conversation(change.conversationId())
        .chain(
            found -> {
              Optional<ConversationChanged> effective = effective(change, actor, found, view);
              if (effective.isEmpty()) {
                return dropped(ConversationPlanner.NOT_A_MEMBER);
              }
              ConversationChanged applied = effective.get();
              LogEntry entry =
                  new LogEntry(
                      change.conversationId(),
                      0,
                      event.id(),
                      event.type().ceType(),
                      arrivedOn,
                      change.actor(),
                      actor,
                      false,
                      new String(EventCodec.encodeData(applied), StandardCharsets.UTF_8));
              Set<String> audience = new LinkedHashSet<>();
              found.ifPresent(c -> audience.addAll(c.members()));
              audience.addAll(applied.memberPersonIds());
              return log.change(entry, applied)
                  .chain(
                      appended ->
                          !appended.fresh() && (appended.fannedOut() || batch.inFlight(event.id()))
                              ? dropped("duplicate")
                              : pushChange(entry.withSeq(appended.seq()), audience, batch));
            });
  }

  private Uni<Void> pushChange(LogEntry entry, Set<String> audience, FanoutBatch batch) {
    count("conversation_changed");
    relay.push(entry.conversationId(), Frames.message(entry), audience).ifPresent(batch::send);
    batch.fannedOut(entry.eventId());
    return Uni.createFrom().voidItem();
  }

  /** The change as it applies to the group now, or empty when the actor may not make it. */
  private static Optional<ConversationChanged> effective(
      ConversationChanged change, String actor, Optional<Conversation> found, RoutingView view) {
    if (change.change() == ConversationChange.CREATED) {
      Set<String> members = new LinkedHashSet<>();
      change.memberPersonIds().stream()
          .filter(p -> view.person(p).isPresent())
          .forEach(members::add);
      if (!members.contains(actor)) {
        return Optional.empty();
      }
      return Optional.of(withMembers(change, List.copyOf(members)));
    }
    if (found.isEmpty() || !found.get().group() || !found.get().member(actor)) {
      return Optional.empty();
    }
    Conversation group = found.get();
    return switch (change.change()) {
      case MEMBERS_ADDED ->
          Optional.of(
              withMembers(
                  change,
                  change.memberPersonIds().stream()
                      .distinct()
                      .filter(p -> !group.member(p) && view.person(p).isPresent())
                      .toList()));
      case MEMBERS_REMOVED ->
          Optional.of(
              withMembers(
                  change,
                  change.memberPersonIds().stream().distinct().filter(group::member).toList()));
      default -> Optional.of(change);
    };
  }

  private static ConversationChanged withMembers(ConversationChanged c, List<String> members) {
    return new ConversationChanged(
        c.conversationId(), c.actor(), c.change(), members, c.name(), c.theme(), c.changedAt());
  }

  private static boolean ownMessage(LogEntry message, Receipt receipt, String readerPerson) {
    return message.sender().equals(receipt.account())
        || (readerPerson != null && readerPerson.equals(message.senderPersonId()));
  }

  private MeshEvent<Receipt> status(
      MeshEvent<?> source, Receipt receipt, String conversationId, List<String> messageIds) {
    Receipt out =
        new Receipt(
            conversationId,
            receipt.account(),
            receipt.status(),
            messageIds,
            receipt.watermark(),
            null,
            null,
            receipt.reportedAt() != null ? receipt.reportedAt() : clock.instant(),
            clock.instant());
    String id =
        EventIds.forPlatformEvent(
            Platform.SWITCHBOARD, EventType.RECEIPT, source.id(), conversationId);
    return new MeshEvent<>(id, OutboundEvents.SOURCE, EventType.RECEIPT, source.time(), out);
  }

  private Uni<Void> dropped(String outcome) {
    count(outcome);
    return Uni.createFrom().voidItem();
  }

  private void count(String outcome) {
    metrics.counter("switchboard.gateway.fanout", "outcome", outcome).increment();
  }
}
