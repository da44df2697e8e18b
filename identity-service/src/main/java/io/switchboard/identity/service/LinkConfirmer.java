package io.switchboard.identity.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.identity.entity.Account;
import io.switchboard.identity.entity.LinkRequest;
import io.switchboard.identity.entity.Person;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.identity.repository.LinkRequestRepository;
import io.switchboard.identity.repository.PersonRepository;
import io.switchboard.service.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Confirming a link code. The request's row is locked first, so of two confirmations racing for one
 * code exactly one links and the other finds it confirmed. Callers hold the transaction.
 */
@ApplicationScoped
public class LinkConfirmer {
  private final LinkRequestRepository requests;
  private final PersonRepository people;
  private final AccountRepository accounts;
  private final LinkCodes codes;
  private final Outbox outbox;
  private final Clock clock;

  public LinkConfirmer(
      LinkRequestRepository requests,
      PersonRepository people,
      AccountRepository accounts,
      LinkCodes codes,
      Outbox outbox,
      Clock clock) {
    this.requests = requests;
    this.people = people;
    this.accounts = accounts;
    this.codes = codes;
    this.outbox = outbox;
    this.clock = clock;
  }

  public Uni<Confirmation> confirm(UUID personId, UUID linkId, String code) {
    return requests
        .findById(linkId, LockModeType.PESSIMISTIC_WRITE)
        .flatMap(
            request -> {
              if (request == null || !request.personId.equals(personId)) {
                throw new ApiException(404, "not_found", "no such link");
              }
              refuseIfSettled(request);
              if (!codes.matches(request.codeHash, request.id, code)) {
                return Uni.createFrom().item(wrongCode(request));
              }
              return link(request);
            });
  }

  private void refuseIfSettled(LinkRequest request) {
    switch (request.status) {
      case "confirmed" ->
          throw new ApiException(409, "link_already_confirmed", "this link is already confirmed");
      case "exhausted" -> throw exhausted(request);
      case "pending" -> {
        if (!clock.instant().isBefore(request.expiresAt)) {
          throw expired("the code expired; start the link again");
        }
      }
      default -> throw expired("a newer code replaced this one");
    }
  }

  /** Spends an attempt; the last one exhausts the request. */
  private Confirmation wrongCode(LinkRequest request) {
    request.attemptsLeft = Math.max(0, request.attemptsLeft - 1);
    if (request.attemptsLeft == 0) {
      request.status = "exhausted";
      return new Confirmation.Counted(exhausted(request));
    }
    return new Confirmation.Counted(
        new ApiException(
            422,
            "invalid_code",
            "the code is wrong",
            Map.of("attemptsLeft", request.attemptsLeft)));
  }

  private Uni<Confirmation> link(LinkRequest request) {
    AccountRef target = AccountRef.of(request.targetPlatform, request.targetAccountId);
    return people
        .findById(request.personId, LockModeType.PESSIMISTIC_WRITE)
        .flatMap(
            person ->
                accounts
                    .resolve(target)
                    .flatMap(
                        holder -> {
                          if (holder != null) {
                            throw holder.personId.equals(person.id) ? alreadyLinked() : taken();
                          }
                          return attach(person, request, target);
                        }));
  }

  private Uni<Confirmation> attach(Person person, LinkRequest request, AccountRef target) {
    request.status = "confirmed";
    return accounts
        .persist(Account.of(person.id, target, clock.instant()))
        .call(ignored -> accounts.flush())
        .onFailure(UniqueViolations::test)
        .transform(e -> taken())
        .call(ignored -> outbox.personChanged(person))
        .flatMap(ignored -> accounts.listByPerson(person.id))
        .map(owned -> new Confirmation.Linked(person, owned));
  }

  /** A new link to the same account may start once this code would have expired. */
  private RateLimitedException exhausted(LinkRequest request) {
    return new RateLimitedException(
        "too_many_attempts",
        "too many wrong codes; start the link again later",
        Duration.between(clock.instant(), request.expiresAt),
        Map.of("attemptsLeft", 0));
  }

  private static ApiException expired(String message) {
    return new ApiException(422, "code_expired", message, Map.of("attemptsLeft", 0));
  }

  private static ApiException alreadyLinked() {
    return new ApiException(409, "already_linked", "this account is already linked to you");
  }

  private static ApiException taken() {
    return new ApiException(409, "account_taken", "this account already belongs to a person");
  }
}
