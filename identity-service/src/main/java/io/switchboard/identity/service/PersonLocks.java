package io.switchboard.identity.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.identity.entity.Person;
import io.switchboard.identity.repository.PersonRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/**
 * Loads a person for a change, holding their row until the transaction ends. Changes of one person
 * then happen one after the other: none overwrites another's column, and every published version
 * describes exactly one state.
 */
@ApplicationScoped
public class PersonLocks {
  private final PersonRepository people;

  public PersonLocks(PersonRepository people) {
    this.people = people;
  }

  /** The person, locked for update; 404 when there is none. */
  public Uni<Person> lock(UUID personId) {
    return people
        .findById(personId, LockModeType.PESSIMISTIC_WRITE)
        .onItem()
        .ifNull()
        .failWith(() -> Refusals.notFound("no such person"));
  }

  /** The person, read without a lock; 404 when there is none. */
  public Uni<Person> require(UUID personId) {
    return people
        .findById(personId)
        .onItem()
        .ifNull()
        .failWith(() -> Refusals.notFound("no such person"));
  }

  /**
   * Another person who is about to be referenced (blocked): a shared lock keeps them from being
   * erased before this transaction commits. 404 when there is none.
   */
  public Uni<Person> share(UUID personId, String message) {
    return people
        .findById(personId, LockModeType.PESSIMISTIC_READ)
        .onItem()
        .ifNull()
        .failWith(() -> Refusals.notFound(message));
  }
}
