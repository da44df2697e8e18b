package io.switchboard.identity.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.identity.entity.Account;
import io.switchboard.identity.entity.AccountAlias;
import io.switchboard.identity.entity.Person;
import io.switchboard.identity.repository.AccountAliasRepository;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.identity.repository.PersonBlockRepository;
import io.switchboard.identity.repository.PersonRepository;
import io.switchboard.identity.rest.AliasInput;
import io.switchboard.service.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Registering, reading and erasing people. Callers hold the transaction. */
@ApplicationScoped
public class PersonService {
  private final PersonRepository people;
  private final AccountRepository accounts;
  private final AccountAliasRepository aliases;
  private final PersonBlockRepository blocks;
  private final Outbox outbox;
  private final Clock clock;

  public PersonService(
      PersonRepository people,
      AccountRepository accounts,
      AccountAliasRepository aliases,
      PersonBlockRepository blocks,
      Outbox outbox,
      Clock clock) {
    this.people = people;
    this.accounts = accounts;
    this.aliases = aliases;
    this.blocks = blocks;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** A new person with their first account; 409 when the account already has a person. */
  public Uni<Person> register(AccountRef first, List<AliasInput> firstAliases) {
    Instant now = clock.instant();
    return accounts
        .resolve(first)
        .flatMap(
            existing -> {
              if (existing != null) {
                throw new ApiException(
                    409, "account_taken", "this account already belongs to a person");
              }
              Person person = Person.create(now);
              Account account = Account.of(person.id, first, now);
              List<AccountAlias> rows =
                  firstAliases.stream()
                      .map(a -> AccountAlias.of(account.id, a.kind(), a.value(), now))
                      .toList();
              return people
                  .persist(person)
                  .flatMap(p -> accounts.persist(account))
                  .flatMap(
                      a -> rows.isEmpty() ? Uni.createFrom().voidItem() : aliases.persist(rows))
                  .flatMap(ignored -> outbox.personChanged(person))
                  .replaceWith(person);
            });
  }

  /** The person, or 404. */
  public Uni<Person> require(UUID personId) {
    return people
        .findById(personId)
        .onItem()
        .ifNull()
        .failWith(() -> new ApiException(404, "not_found", "no such person"));
  }

  /**
   * Removes the person and everything about them, at once: their accounts leave routing
   * (tombstones), and persons who had blocked them get their routes republished.
   */
  public Uni<Void> erase(UUID personId) {
    return require(personId)
        .flatMap(
            person ->
                accounts
                    .listByPerson(personId)
                    .flatMap(
                        owned ->
                            blocks
                                .blockersOf(personId)
                                .flatMap(
                                    blockers ->
                                        people
                                            .delete(person)
                                            .flatMap(ignored -> people.flush())
                                            .flatMap(ignored -> tombstones(owned))
                                            .flatMap(ignored -> republish(blockers)))));
  }

  private Uni<Void> tombstones(List<Account> owned) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (Account account : owned) {
      chain = chain.flatMap(ignored -> outbox.accountRemoved(account.ref()));
    }
    return chain;
  }

  private Uni<Void> republish(List<UUID> personIds) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (UUID id : personIds) {
      chain = chain.flatMap(ignored -> outbox.personChanged(id));
    }
    return chain;
  }
}
