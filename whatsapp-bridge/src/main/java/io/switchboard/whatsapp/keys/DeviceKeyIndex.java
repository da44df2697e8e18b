package io.switchboard.whatsapp.keys;

import io.switchboard.events.data.AccountRoute;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The current device key ids per linked account, from {@code identity.links}: the latest route of
 * an account replaces that account's keys, a tombstone removes them, and a route older than the one
 * held for the same person (a lower version) is ignored, as {@link
 * io.switchboard.events.routing.RoutingView} does. Every account of a person carries the person's
 * keys, so a key id stays current while any account still names it.
 */
public final class DeviceKeyIndex {
  private final Map<String, AccountRoute> byAccount = new HashMap<>();
  private final Map<String, Integer> accountsPerKey = new HashMap<>();

  /** Applies the latest route of an account. */
  public synchronized void apply(AccountRoute route) {
    AccountRoute current = byAccount.get(route.key());
    if (current != null
        && current.personId().equals(route.personId())
        && current.version() > route.version()) {
      return;
    }
    byAccount.put(route.key(), route);
    route.deviceKeyIds().stream().distinct().forEach(this::count);
    if (current != null) {
      current.deviceKeyIds().stream().distinct().forEach(this::uncount);
    }
  }

  /** Removes an account: a tombstone (unlinked, or its person erased). */
  public synchronized void remove(String accountKey) {
    AccountRoute removed = byAccount.remove(accountKey);
    if (removed != null) {
      removed.deviceKeyIds().stream().distinct().forEach(this::uncount);
    }
  }

  /** Whether any account's current route names {@code keyId}. */
  public synchronized boolean isCurrent(String keyId) {
    return keyId != null && accountsPerKey.containsKey(keyId);
  }

  /** The key ids an account's current route names (empty when unknown). */
  public synchronized List<String> keysOf(String accountKey) {
    AccountRoute route = byAccount.get(accountKey);
    return route == null ? List.of() : route.deviceKeyIds();
  }

  public synchronized int accounts() {
    return byAccount.size();
  }

  public synchronized int keys() {
    return accountsPerKey.size();
  }

  private void count(String keyId) {
    accountsPerKey.merge(keyId, 1, Integer::sum);
  }

  private void uncount(String keyId) {
    accountsPerKey.computeIfPresent(keyId, (key, count) -> count == 1 ? null : count - 1);
  }
}
