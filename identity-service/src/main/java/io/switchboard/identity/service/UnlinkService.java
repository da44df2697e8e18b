package io.switchboard.identity.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.identity.entity.Account;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.service.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * Unlinking an account, at once: it leaves routing with a tombstone, and the person's other
 * accounts are republished without it. Callers hold the transaction.
 */
@ApplicationScoped
public class UnlinkService {
  private final PersonLocks people;
  private final AccountRepository accounts;
  private final Outbox outbox;

  public UnlinkService(PersonLocks people, AccountRepository accounts, Outbox outbox) {
    this.people = people;
    this.accounts = accounts;
    this.outbox = outbox;
  }

  /** 404 when the account is not the person's; 409 for their last account. */
  public Uni<Void> unlink(UUID personId, AccountRef ref) {
    // The person's row is locked so that two unlinks cannot leave them without any account.
    return people
        .lock(personId)
        .flatMap(
            person ->
                accounts
                    .listByPerson(personId)
                    .flatMap(
                        owned -> {
                          Account account =
                              owned.stream()
                                  .filter(a -> a.ref().equals(ref))
                                  .findFirst()
                                  .orElseThrow(
                                      () ->
                                          new ApiException(
                                              404, "not_found", "no such account on this person"));
                          if (owned.size() == 1) {
                            throw new ApiException(
                                409,
                                "last_account",
                                "this is the person's last account; erase the person instead");
                          }
                          List<Account> remaining =
                              owned.stream().filter(a -> a != account).toList();
                          SettingsService.forgetUnlinked(person, remaining);
                          return accounts
                              .delete(account)
                              .call(ignored -> accounts.flush())
                              .call(ignored -> outbox.accountRemoved(ref))
                              .call(ignored -> outbox.personChanged(person));
                        }));
  }
}
