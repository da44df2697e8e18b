package io.switchboard.identity;

import static org.assertj.core.api.Assertions.fail;

import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Watches identity.links on the real broker from the moment it is opened, keeping every record it
 * saw, so a test can wait for several accounts in any order, for tombstones, or prove that nothing
 * was published for an account. Records of other tests' accounts pass by unnoticed.
 */
public final class RouteWatch implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final TopicProbe probe;
  private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

  private RouteWatch(TopicProbe probe) {
    this.probe = probe;
  }

  public static RouteWatch fromNow() {
    return new RouteWatch(
        TopicProbe.fromNow(
            SharedDevstack.endpoints().kafkaBootstrapServers(), Topics.IDENTITY_LINKS));
  }

  /** The key of an account on identity.links. */
  public static String key(String platform, String accountId) {
    return platform + ":" + accountId;
  }

  /** The first route published for {@code key} since opening that matches. */
  public AccountRoute awaitRoute(String key, Predicate<AccountRoute> matching) {
    return route(await(r -> r.key().equals(key) && r.value() != null && matching.test(route(r))));
  }

  /** The first route published for {@code key} since opening. */
  public AccountRoute awaitRoute(String key) {
    return awaitRoute(key, route -> true);
  }

  /** The route of {@code key} at exactly this version of its person. */
  public AccountRoute awaitVersion(String key, long version) {
    return awaitRoute(key, route -> route.version() == version);
  }

  /** Waits for the tombstone of {@code key}. */
  public void awaitTombstone(String key) {
    await(r -> r.key().equals(key) && r.value() == null);
  }

  /**
   * Routes of {@code key} newer than {@code version} that arrive within {@code window}; for proving
   * that a request published nothing.
   */
  public List<AccountRoute> routesNewerThan(String key, long version, Duration window) {
    seen.addAll(probe.drain(window));
    return seen.stream()
        .filter(r -> r.key().equals(key) && r.value() != null)
        .map(RouteWatch::route)
        .filter(route -> route.version() > version)
        .toList();
  }

  private ConsumerRecord<String, byte[]> await(Predicate<ConsumerRecord<String, byte[]>> wanted) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    int checked = 0;
    while (true) {
      for (; checked < seen.size(); checked++) {
        if (wanted.test(seen.get(checked))) {
          return seen.get(checked);
        }
      }
      if (Instant.now().isAfter(deadline)) {
        return fail("no such record on identity.links within " + TIMEOUT);
      }
      seen.addAll(probe.drain(Duration.ofMillis(200)));
    }
  }

  private static AccountRoute route(ConsumerRecord<String, byte[]> record) {
    return (AccountRoute) MeshEventRecords.fromRecord(record).data();
  }

  @Override
  public void close() {
    probe.close();
  }
}
