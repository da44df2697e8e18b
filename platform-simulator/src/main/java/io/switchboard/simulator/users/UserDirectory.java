package io.switchboard.simulator.users;

import io.switchboard.simulator.Platform;
import io.switchboard.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users each simulated platform knows: everyone the webhook driver sent a webhook for, and
 * everyone registered through the admin API. A user's last inbound message opens the messaging
 * window of the business they wrote to.
 */
@ApplicationScoped
public class UserDirectory {
  /** Stands for "the page or account of the access token" in {@code /me/messages}. */
  public static final String ANY_BUSINESS = "me";

  private record Person(Platform platform, String userId) {}

  private final Map<Person, Map<String, KnownUser>> users = new ConcurrentHashMap<>();
  private final int maxUsers;

  public UserDirectory(SimulatorConfig config) {
    this.maxUsers = config.maxUsers();
  }

  /** Remembers the user; a {@code null} time keeps the one already known. */
  public KnownUser remember(Platform platform, String businessId, String userId, Instant inbound) {
    Map<String, KnownUser> byBusiness =
        users.computeIfAbsent(new Person(platform, userId), key -> new ConcurrentHashMap<>());
    KnownUser user =
        byBusiness.compute(
            businessId,
            (id, known) ->
                new KnownUser(
                    platform,
                    businessId,
                    userId,
                    inbound != null || known == null ? inbound : known.lastInboundAt()));
    forgetOldestBeyondLimit();
    return user;
  }

  /**
   * The user as the business knows them; for {@link #ANY_BUSINESS}, the business they wrote to
   * last.
   */
  public Optional<KnownUser> find(Platform platform, String businessId, String userId) {
    Map<String, KnownUser> byBusiness = users.get(new Person(platform, userId));
    if (byBusiness == null) {
      return Optional.empty();
    }
    if (!ANY_BUSINESS.equals(businessId)) {
      return Optional.ofNullable(byBusiness.get(businessId));
    }
    return byBusiness.values().stream()
        .max(
            Comparator.comparing(
                KnownUser::lastInboundAt, Comparator.nullsFirst(Comparator.naturalOrder())));
  }

  public List<KnownUser> all() {
    return users.values().stream().flatMap(byBusiness -> byBusiness.values().stream()).toList();
  }

  public void clear() {
    users.clear();
  }

  private void forgetOldestBeyondLimit() {
    // A bound, not an LRU: a simulator only needs to stay within memory under long benchmarks.
    Iterator<Person> people = users.keySet().iterator();
    while (users.size() > maxUsers && people.hasNext()) {
      people.next();
      people.remove();
    }
  }
}
