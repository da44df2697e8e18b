package io.switchboard.events.routing;

import io.switchboard.events.AccountRef;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.EventData;
import io.switchboard.events.kafka.MeshEventRecords;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The routing view built from {@code identity.links}: the latest route of every linked account,
 * found by account id or by a current alias. Applying the topic from the beginning rebuilds it
 * completely; a tombstone removes an account; a record older than what the view holds for the same
 * person (a lower version) is ignored, so replays and redeliveries never go backwards.
 *
 * <p>Reads are lock-free and cheap, since the gateway reads the route of every member of a
 * conversation for every message: each person's newest route is kept ready rather than searched
 * among their accounts. Changes (rare: a link, an unlink, a changed setting) take the view's lock.
 */
public final class RoutingView {
  private final Map<String, AccountRoute> byKey = new ConcurrentHashMap<>();
  private final Map<String, String> aliasToKey = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> keysByPerson = new ConcurrentHashMap<>();
  private final Map<String, AccountRoute> newestByPerson = new ConcurrentHashMap<>();

  /** Applies one record of {@code identity.links}: a route, or a tombstone (null value). */
  public void apply(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      remove(record.key());
      return;
    }
    MeshEvent<EventData> event = MeshEventRecords.fromRecord(record);
    if (event.type() != EventType.IDENTITY_ROUTE) {
      throw new IllegalArgumentException("identity.links carries routes, not " + event.type());
    }
    apply((AccountRoute) event.data());
  }

  /** Applies a route unless the view already holds a newer one for the account. */
  public synchronized void apply(AccountRoute route) {
    AccountRoute current = byKey.get(route.key());
    if (current != null
        && current.personId().equals(route.personId())
        && current.version() > route.version()) {
      return;
    }
    if (current != null) {
      current.aliases().forEach(alias -> aliasToKey.remove(aliasKey(current.account(), alias)));
      forget(current);
    }
    byKey.put(route.key(), route);
    keysByPerson
        .computeIfAbsent(route.personId(), p -> ConcurrentHashMap.newKeySet())
        .add(route.key());
    route.aliases().forEach(alias -> aliasToKey.put(aliasKey(route.account(), alias), route.key()));
    if (current != null && !current.personId().equals(route.personId())) {
      refresh(current.personId());
    }
    refresh(route.personId());
  }

  /** Removes an account (unlinked, or its person erased). */
  public synchronized void remove(String key) {
    AccountRoute removed = byKey.remove(key);
    if (removed != null) {
      removed.aliases().forEach(alias -> aliasToKey.remove(aliasKey(removed.account(), alias)));
      forget(removed);
      refresh(removed.personId());
    }
  }

  /**
   * The newest route of any of a person's accounts: what the person set (consent, controls, blocks,
   * delivery preference) and every account they use; empty for an unknown person.
   */
  public Optional<AccountRoute> person(String personId) {
    return Optional.ofNullable(newestByPerson.get(personId));
  }

  private void forget(AccountRoute route) {
    keysByPerson.computeIfPresent(
        route.personId(),
        (person, keys) -> {
          keys.remove(route.key());
          return keys.isEmpty() ? null : keys;
        });
  }

  /** Finds a person's newest route again among their accounts, after one of them changed. */
  private void refresh(String personId) {
    AccountRoute newest = null;
    for (String key : keysByPerson.getOrDefault(personId, Set.of())) {
      AccountRoute route = byKey.get(key);
      if (route != null
          && route.personId().equals(personId)
          && (newest == null || route.version() > newest.version())) {
        newest = route;
      }
    }
    if (newest == null) {
      newestByPerson.remove(personId);
    } else {
      newestByPerson.put(personId, newest);
    }
  }

  /** The route of an account, by its id or a current alias on the same platform. */
  public Optional<AccountRoute> find(AccountRef account) {
    AccountRoute direct = byKey.get(AccountRoute.keyOf(account));
    if (direct != null) {
      return Optional.of(direct);
    }
    String key = aliasToKey.get(aliasKey(account.platform(), account.accountId()));
    return key == null ? Optional.empty() : Optional.ofNullable(byKey.get(key));
  }

  public int size() {
    return byKey.size();
  }

  private static String aliasKey(AccountRef account, String alias) {
    return aliasKey(account.platform(), alias);
  }

  private static String aliasKey(Platform platform, String alias) {
    return platform.wireName() + ":" + alias;
  }
}
