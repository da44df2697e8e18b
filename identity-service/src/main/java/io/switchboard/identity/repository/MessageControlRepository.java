package io.switchboard.identity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.switchboard.identity.entity.MessageControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class MessageControlRepository
    implements PanacheRepositoryBase<MessageControl, MessageControl.Key> {

  public Uni<List<MessageControl>> listByPerson(UUID personId) {
    return list("key.personId = ?1 order by key.sourcePlatform", personId);
  }
}
