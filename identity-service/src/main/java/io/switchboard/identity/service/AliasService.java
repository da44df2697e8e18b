package io.switchboard.identity.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.identity.entity.Account;
import io.switchboard.identity.entity.AccountAlias;
import io.switchboard.identity.repository.AccountAliasRepository;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.identity.repository.PersonRepository;
import io.switchboard.service.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * WhatsApp aliases with history: a new wa_id, BSUID or phone number supersedes the current one of
 * its kind, whose row stays with {@code validTo} set, so the account stays the same person. When
 * the account's own id is of that kind (a wa_id, a BSUID) the account takes the new id too: the old
 * one then resolves to nobody and may be registered again, as recycled numbers are. Callers hold
 * the transaction.
 */
@ApplicationScoped
public class AliasService {
  private final AccountRepository accounts;
  private final AccountAliasRepository aliases;
  private final PersonRepository people;
  private final Outbox outbox;
  private final Clock clock;

  public AliasService(
      AccountRepository accounts,
      AccountAliasRepository aliases,
      PersonRepository people,
      Outbox outbox,
      Clock clock) {
    this.accounts = accounts;
    this.aliases = aliases;
    this.people = people;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** An account with every alias it had, oldest first; {@code added} when one was just added. */
  public record History(AccountRef account, List<AccountAlias> aliases, boolean added) {}

  /** Adds the alias unless it is the current one already. 409 when another account has it. */
  public Uni<History> add(AccountRef ref, String kind, String value) {
    return require(ref)
        .call(account -> people.findById(account.personId, LockModeType.PESSIMISTIC_WRITE))
        .call(account -> refuseIfTaken(account, value))
        .flatMap(
            account ->
                aliases
                    .currentOfKind(account.id, kind)
                    .flatMap(
                        current ->
                            current != null && current.value.equals(value)
                                ? Uni.createFrom().item(false)
                                : supersede(account, current, kind, value).replaceWith(true))
                    .flatMap(added -> historyOf(account, added)));
  }

  public Uni<History> history(AccountRef ref) {
    return require(ref).flatMap(account -> historyOf(account, false));
  }

  private Uni<History> historyOf(Account account, boolean added) {
    return aliases.historyOf(account.id).map(rows -> new History(account.ref(), rows, added));
  }

  private Uni<Account> require(AccountRef ref) {
    return accounts
        .resolve(ref)
        .onItem()
        .ifNull()
        .failWith(() -> new ApiException(404, "not_found", "no person has this account"));
  }

  private Uni<Void> refuseIfTaken(Account account, String value) {
    return accounts
        .resolve(AccountRef.of(Platform.WHATSAPP, value))
        .invoke(
            holder -> {
              if (holder != null && !holder.id.equals(account.id)) {
                throw taken();
              }
            })
        .replaceWithVoid();
  }

  private Uni<Void> supersede(Account account, AccountAlias current, String kind, String value) {
    Instant now = clock.instant();
    AccountRef before = account.ref();
    boolean rekey = kind.equals(kindOfId(account.accountId)) && !account.accountId.equals(value);
    List<AccountAlias> rows = new ArrayList<>();
    if (current != null) {
      current.validTo = now;
    }
    if (rekey && (current == null || !current.value.equals(account.accountId))) {
      AccountAlias former = AccountAlias.of(account.id, kind, account.accountId, account.linkedAt);
      former.validTo = now;
      rows.add(former);
    }
    rows.add(AccountAlias.of(account.id, kind, value, now));
    if (rekey) {
      account.accountId = value;
    }
    return aliases
        .persist(rows)
        .call(ignored -> aliases.flush())
        .onFailure(UniqueViolations::test)
        .transform(e -> taken())
        .call(ignored -> rekey ? outbox.accountRemoved(before) : Uni.createFrom().voidItem())
        .call(ignored -> outbox.personChanged(account.personId));
  }

  /** A WhatsApp account id is a wa_id (digits) or a BSUID. */
  private static String kindOfId(String accountId) {
    return accountId.chars().allMatch(Character::isDigit) ? "wa_id" : "bsuid";
  }

  private static ApiException taken() {
    return new ApiException(409, "alias_taken", "another account has this identifier");
  }
}
