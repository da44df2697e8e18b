package io.switchboard.identity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.switchboard.identity.entity.PersonBlock;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PersonBlockRepository implements PanacheRepositoryBase<PersonBlock, PersonBlock.Key> {

  public Uni<List<PersonBlock>> listByPerson(UUID personId) {
    return list("key.personId = ?1 order by createdAt", personId);
  }

  /** Persons who blocked {@code personId}: their routes change when this person goes away. */
  public Uni<List<UUID>> blockersOf(UUID personId) {
    return find("key.blockedPersonId = ?1", personId)
        .list()
        .map(blocks -> blocks.stream().map(b -> b.key.personId()).toList());
  }

  public Uni<Long> countByPerson(UUID personId) {
    return count("key.personId = ?1", personId);
  }
}
