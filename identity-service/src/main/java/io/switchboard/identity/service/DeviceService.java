package io.switchboard.identity.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.identity.entity.Account;
import io.switchboard.identity.entity.Device;
import io.switchboard.identity.entity.DeviceKey;
import io.switchboard.identity.entity.Person;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.identity.repository.DeviceKeyRepository;
import io.switchboard.identity.repository.DeviceRepository;
import io.switchboard.service.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Switchboard devices and their public keys. A device is also an account (platform {@code
 * switchboard}, account id = device id), so it gets its own identity.links record; its keys appear
 * in the person's {@code deviceKeyIds}. Callers hold the transaction.
 */
@ApplicationScoped
public class DeviceService {
  /**
   * Together these keep a person's current keys within the 64 {@code deviceKeyIds} that
   * identity.links allows.
   */
  public static final int MAX_DEVICES = 16;

  public static final int MAX_KEYS_PER_DEVICE = 4;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PersonLocks locks;
  private final AccountRepository accounts;
  private final DeviceRepository devices;
  private final DeviceKeyRepository keys;
  private final Outbox outbox;
  private final Clock clock;

  public DeviceService(
      PersonLocks locks,
      AccountRepository accounts,
      DeviceRepository devices,
      DeviceKeyRepository keys,
      Outbox outbox,
      Clock clock) {
    this.locks = locks;
    this.accounts = accounts;
    this.devices = devices;
    this.keys = keys;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** A device with its current keys. */
  public record DeviceWithKeys(Device device, List<DeviceKey> keys) {}

  /** A new device with its account and keys; 422 beyond {@value #MAX_DEVICES} devices. */
  public Uni<DeviceWithKeys> register(
      UUID personId, String name, List<PublicKeys.Checked> publicKeys) {
    return locks
        .lock(personId)
        .flatMap(
            person ->
                devices
                    .countByPerson(personId)
                    .flatMap(
                        count -> {
                          if (count >= MAX_DEVICES) {
                            throw Refusals.unprocessable(
                                "too_many_devices",
                                "a person may have at most " + MAX_DEVICES + " devices");
                          }
                          return create(person, name, publicKeys);
                        }));
  }

  private Uni<DeviceWithKeys> create(
      Person person, String name, List<PublicKeys.Checked> publicKeys) {
    Instant now = clock.instant();
    Device device = new Device();
    device.id = UUID.randomUUID();
    device.personId = person.id;
    device.name = name;
    device.createdAt = now;
    Account account =
        Account.of(person.id, AccountRef.of(Platform.SWITCHBOARD, device.id.toString()), now);
    device.account = account.id;
    List<DeviceKey> rows = publicKeys.stream().map(k -> newKey(device.id, k, now)).toList();
    return accounts
        .persist(account)
        .flatMap(ignored -> devices.persist(device))
        .flatMap(ignored -> keys.persist(rows))
        .flatMap(ignored -> outbox.personChanged(person))
        .replaceWith(new DeviceWithKeys(device, rows));
  }

  public Uni<List<DeviceWithKeys>> list(UUID personId) {
    return locks
        .require(personId)
        .flatMap(person -> devices.listByPerson(personId))
        .flatMap(
            owned ->
                keys.currentOfDevices(owned.stream().map(d -> d.id).toList())
                    .map(
                        current ->
                            owned.stream()
                                .map(
                                    d ->
                                        new DeviceWithKeys(
                                            d,
                                            current.stream()
                                                .filter(k -> k.deviceId.equals(d.id))
                                                .toList()))
                                .toList()));
  }

  /** The person's current public keys, for anyone who seals messages to them. */
  public Uni<List<DeviceKey>> currentKeys(UUID personId) {
    return locks.require(personId).flatMap(person -> keys.currentOfPerson(personId));
  }

  /** Adds a key to a device; 422 beyond {@value #MAX_KEYS_PER_DEVICE} current keys. */
  public Uni<DeviceKey> addKey(UUID personId, UUID deviceId, PublicKeys.Checked publicKey) {
    return locks
        .lock(personId)
        .flatMap(
            person ->
                requireDevice(personId, deviceId)
                    .flatMap(device -> keys.currentOfDevice(deviceId))
                    .flatMap(
                        current -> {
                          if (current.size() >= MAX_KEYS_PER_DEVICE) {
                            throw Refusals.unprocessable(
                                "too_many_keys",
                                "a device may have at most "
                                    + MAX_KEYS_PER_DEVICE
                                    + " current keys; revoke one first");
                          }
                          DeviceKey key = newKey(deviceId, publicKey, clock.instant());
                          return keys.persist(key)
                              .flatMap(ignored -> outbox.personChanged(person))
                              .replaceWith(key);
                        }));
  }

  /** Revokes a key: it stays on record as revoked and is no longer handed out. */
  public Uni<Void> revokeKey(UUID personId, UUID deviceId, String keyId) {
    return locks
        .lock(personId)
        .flatMap(
            person ->
                requireDevice(personId, deviceId)
                    .flatMap(device -> keys.findById(keyId))
                    .flatMap(
                        key -> {
                          if (key == null || !key.deviceId.equals(deviceId)) {
                            throw Refusals.notFound("no such key on this device");
                          }
                          if (key.revokedAt != null) {
                            return Uni.createFrom().voidItem();
                          }
                          key.revokedAt = clock.instant();
                          return outbox.personChanged(person);
                        }));
  }

  /**
   * Removes a device, its keys and its account: the account leaves routing with a tombstone. 409
   * when it is the person's last account (erasing the person is the way to remove that).
   */
  public Uni<Void> remove(UUID personId, UUID deviceId) {
    return locks
        .lock(personId)
        .flatMap(
            person ->
                requireDevice(personId, deviceId)
                    .flatMap(
                        device ->
                            accounts
                                .listByPerson(personId)
                                .flatMap(owned -> removeDevice(person, device, owned))));
  }

  private Uni<Void> removeDevice(Person person, Device device, List<Account> owned) {
    Account account = owned.stream().filter(a -> a.id.equals(device.account)).findFirst().get();
    List<Account> remaining = owned.stream().filter(a -> a != account).toList();
    if (remaining.isEmpty()) {
      throw new ApiException(
          409, "last_account", "this device is the person's only account; erase the person");
    }
    SettingsService.forgetUnlinked(person, remaining);
    return keys.delete("deviceId = ?1", device.id)
        .flatMap(ignored -> devices.delete(device))
        .flatMap(ignored -> accounts.delete(account))
        .flatMap(ignored -> accounts.flush())
        .flatMap(ignored -> outbox.accountRemoved(account.ref()))
        .flatMap(ignored -> outbox.personChanged(person));
  }

  private Uni<Device> requireDevice(UUID personId, UUID deviceId) {
    return devices
        .findOwned(personId, deviceId)
        .onItem()
        .ifNull()
        .failWith(() -> Refusals.notFound("no such device"));
  }

  private static DeviceKey newKey(UUID deviceId, PublicKeys.Checked publicKey, Instant now) {
    DeviceKey key = new DeviceKey();
    key.keyId = newKeyId();
    key.deviceId = deviceId;
    key.algorithm = publicKey.algorithm();
    key.publicKey = publicKey.raw();
    key.createdAt = now;
    return key;
  }

  private static String newKeyId() {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    return "dk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
