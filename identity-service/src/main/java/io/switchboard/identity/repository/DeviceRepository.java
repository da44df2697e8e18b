package io.switchboard.identity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.switchboard.identity.entity.Device;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, UUID> {

  public Uni<List<Device>> listByPerson(UUID personId) {
    return list("personId = ?1 order by createdAt", personId);
  }

  public Uni<Long> countByPerson(UUID personId) {
    return count("personId = ?1", personId);
  }

  /** The device if it belongs to the person, else null. */
  public Uni<Device> findOwned(UUID personId, UUID deviceId) {
    return find("id = ?1 and personId = ?2", deviceId, personId).firstResult();
  }
}
