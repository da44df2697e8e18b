package io.switchboard.identity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.switchboard.identity.entity.AccountAlias;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AccountAliasRepository implements PanacheRepositoryBase<AccountAlias, Long> {

  public Uni<List<AccountAlias>> currentOf(Collection<UUID> accountIds) {
    if (accountIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return list("accountId in ?1 and validTo is null order by id", accountIds);
  }

  /** The account's current alias of one kind, or null. */
  public Uni<AccountAlias> currentOfKind(UUID accountId, String kind) {
    return find("accountId = ?1 and kind = ?2 and validTo is null", accountId, kind).firstResult();
  }

  /** Every alias the account ever had, oldest first. */
  public Uni<List<AccountAlias>> historyOf(UUID accountId) {
    return list("accountId = ?1 order by validFrom, id", accountId);
  }
}
