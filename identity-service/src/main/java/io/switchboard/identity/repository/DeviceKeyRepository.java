package io.switchboard.identity.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.switchboard.identity.entity.DeviceKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DeviceKeyRepository implements PanacheRepositoryBase<DeviceKey, String> {

  /** The person's current (not revoked) public keys. */
  public Uni<List<DeviceKey>> currentOfPerson(UUID personId) {
    return list(
        "from DeviceKey k where k.revokedAt is null and k.deviceId in"
            + " (select d.id from Device d where d.personId = ?1) order by k.createdAt",
        personId);
  }

  /** A device's current (not revoked) public keys. */
  public Uni<List<DeviceKey>> currentOfDevice(UUID deviceId) {
    return list("deviceId = ?1 and revokedAt is null order by createdAt", deviceId);
  }

  public Uni<List<DeviceKey>> currentOfDevices(List<UUID> deviceIds) {
    if (deviceIds.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return list("deviceId in ?1 and revokedAt is null order by createdAt", deviceIds);
  }
}
