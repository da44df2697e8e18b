package io.switchboard.identity.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventCodec;
import io.switchboard.events.EventIds;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.identity.entity.OutboxRecord;
import io.switchboard.identity.entity.Person;
import io.switchboard.identity.messaging.OutboxPublisher;
import io.switchboard.identity.repository.OutboxRepository;
import io.switchboard.identity.repository.PersonRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Writes what {@code identity.links} must learn into the outbox, inside the caller's transaction:
 * the change and its record commit together or not at all. {@link OutboxPublisher} sends them.
 */
@ApplicationScoped
public class Outbox {
  private final OutboxRepository outbox;
  private final PersonRepository people;
  private final RouteProjector projector;
  private final OutboxPublisher publisher;
  private final Clock clock;

  public Outbox(
      OutboxRepository outbox,
      PersonRepository people,
      RouteProjector projector,
      OutboxPublisher publisher,
      Clock clock) {
    this.outbox = outbox;
    this.people = people;
    this.projector = projector;
    this.publisher = publisher;
    this.clock = clock;
  }

  /**
   * The person changed: bumps their version and queues the current route of every account they
   * have. Call inside the transaction that made the change, after flushing it.
   */
  public Uni<Void> personChanged(Person person) {
    person.touch(clock.instant());
    return people
        .flush()
        .flatMap(ignored -> projector.routesOf(person))
        .flatMap(this::enqueueRoutes);
  }

  /** The person with this id changed (loads them first); a missing person changes nothing. */
  public Uni<Void> personChanged(UUID personId) {
    return people
        .findById(personId)
        .flatMap(person -> person == null ? Uni.createFrom().voidItem() : personChanged(person));
  }

  /** The account left its person (unlink, erase): a tombstone removes it from routing. */
  public Uni<Void> accountRemoved(AccountRef account) {
    OutboxRecord record = new OutboxRecord();
    record.recordKey = AccountRoute.keyOf(account);
    record.createdAt = clock.instant();
    return outbox.persist(record).invoke(publisher::wakeUp).replaceWithVoid();
  }

  private Uni<Void> enqueueRoutes(List<AccountRoute> routes) {
    if (routes.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<OutboxRecord> records =
        routes.stream()
            .map(
                route -> {
                  OutboxRecord record = new OutboxRecord();
                  record.recordKey = route.key();
                  record.eventId = EventIds.random();
                  record.payload = EventCodec.toTree(route).toString();
                  record.createdAt = clock.instant();
                  return record;
                })
            .toList();
    return outbox.persist(records).invoke(publisher::wakeUp);
  }
}
