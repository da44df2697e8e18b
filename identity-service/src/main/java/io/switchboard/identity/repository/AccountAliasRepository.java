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
}
