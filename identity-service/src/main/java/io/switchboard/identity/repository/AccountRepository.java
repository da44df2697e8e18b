package io.switchboard.identity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.identity.entity.Account;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, UUID> {

  public Uni<Account> findByRef(AccountRef ref) {
    return find("platform = ?1 and accountId = ?2", ref.platform(), ref.accountId()).firstResult();
  }

  /**
   * The account known by {@code ref}: by its own id, or by a current alias on the same platform (a
   * WhatsApp BSUID or wa_id).
   */
  public Uni<Account> resolve(AccountRef ref) {
    return findByRef(ref)
        .onItem()
        .ifNull()
        .switchTo(
            () ->
                find(
                        "from Account a where a.platform = ?1 and a.id in (select l.accountId"
                            + " from AccountAlias l where l.value = ?2 and l.validTo is null)",
                        ref.platform(),
                        ref.accountId())
                    .firstResult());
  }

  public Uni<List<Account>> listByPerson(UUID personId) {
    return list("personId = ?1 order by platform, accountId", personId);
  }
}
