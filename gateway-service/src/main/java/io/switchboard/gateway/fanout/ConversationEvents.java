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
   * A delivered or read receipt naming messages of the log: each state that moves forward for its
   * reader goes to {@code delivery.status} (keyed by the message's conversation, with an id derived
   * from the receipt, so a redelivery repeats it) and to the senders' devices; a state that would
   * move back, or a reader's receipt of their own message, changes nothing.
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
    Uni<List<Advance>> advances = Uni.createFrom().item(new ArrayList<>());
    for (String messageId : new LinkedHashSet<>(receipt.messageIds())) {
      advances =
          advances.chain(
              list ->
                  log.findMessage(messageId)
                      .chain(
                          found -> {
                            if (found.isEmpty() || ownMessage(found.get(), receipt, readerPerson)) {
                              return Uni.createFrom().item(list);
                            }
                            LogEntry message = found.get();
                            return log.receiptRank(message.conversationId(), messageId, readerKey)
                                .map(
                                    current -> {
                                      if (current < rank) {
                                        list.add(new Advance(message, messageId));
                                      }
                                      return list;
                                    });
                          }));
    }
    return advances.chain(
        list -> {
          if (list.isEmpty()) {
            return dropped("receipt_unchanged");
          }
          Map<String, List<Advance>> byConversation = new LinkedHashMap<>();
          list.forEach(
              a ->
                  byConversation
                      .computeIfAbsent(a.entry().conversationId(), c -> new ArrayList<>())
                      .add(a));
          List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
          byConversation.forEach(
              (conversationId, moved) -> {
                List<String> ids = moved.stream().map(Advance::messageId).toList();
                records.add(
                    MeshEventRecords.toRecord(
                        Topics.DELIVERY_STATUS, status(event, receipt, conversationId, ids)));
                Set<String> senders = new LinkedHashSet<>();
                moved.stream()
                    .map(a -> a.entry().senderPersonId())
                    .filter(p -> p != null)
                    .forEach(senders::add);
                if (!senders.isEmpty()) {
                  records.add(
                      relay.push(
                          conversationId,
                          PushFrames.receipt(conversationId, receipt, ids, readerPerson),
                          senders));
                }
              });
          Uni<Void> stored = producer.sendAll(records);
          for (Advance a : list) {
            stored =
                stored.call(
                    () ->
                        log.advanceReceipt(
                            a.entry().conversationId(), a.messageId(), readerKey, rank));
          }
          count("receipt");
          return stored;
        });
  }

  /** Typing in a conversation: pushed to the other members' devices while it is fresh. */
  Uni<Void> typing(Typing typing) {
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
              return producer.sendAll(
                  List.of(
                      relay.push(
                          typing.conversationId(),
                          PushFrames.typing(typing, person.get()),
                          others)));
            });
  }

  /**
   * A change of a Switchboard group, from a member's device: created (the creator among the
   * members), members added or removed, renamed, theme changed. People the routing view does not
   * know are left out. The change and its log entry are stored in one transaction and pushed to
   * everyone who was or is a member.
   */
  Uni<Void> change(MeshEvent<?> event, ConversationChanged change, Platform arrivedOn) {
    if (arrivedOn != Platform.SWITCHBOARD
        || !SwitchboardConversations.isGroup(change.conversationId())) {
      return dropped("not_handled");
    }
    RoutingView view = routing.view();
    Optional<String> actor = view.find(change.actor()).map(AccountRoute::personId);
    if (actor.isEmpty()) {
      return dropped(NO_PERSON);
    }
    return log.conversation(change.conversationId())
        .chain(
            found -> {
              Optional<ConversationChanged> effective = effective(change, actor.get(), found, view);
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
                      actor.get(),
                      false,
                      new String(EventCodec.encodeData(applied), StandardCharsets.UTF_8));
              Set<String> audience = new LinkedHashSet<>();
              found.ifPresent(c -> audience.addAll(c.members()));
              audience.addAll(applied.memberPersonIds());
              return log.change(entry, applied)
                  .chain(
                      appended -> {
                        if (!appended.fresh() && appended.fannedOut()) {
                          return dropped("duplicate");
                        }
                        count("conversation_changed");
                        return producer
                            .sendAll(
                                List.of(
                                    relay.push(
                                        change.conversationId(),
                                        Frames.message(entry.withSeq(appended.seq())),
                                        audience)))
                            .chain(() -> log.markFannedOut(event.id()));
                      });
            });
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

  private record Advance(LogEntry entry, String messageId) {}
}
