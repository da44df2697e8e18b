package io.switchboard.cli.inspect;

import io.switchboard.cli.kafka.CliFailure;
import io.switchboard.cli.kafka.Cluster;
import io.switchboard.cli.replay.Ranges;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.routing.RoutingView;
import io.switchboard.events.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;

/**
 * {@code --person}: an account ({@code messenger:2400...}) stands for itself; a person id stands
 * for the person and every account linked to it, looked up in {@code identity.links} the way the
 * gateway does (read from the beginning into a routing view).
 */
final class Parties {
  private Parties() {}

  static Set<String> resolve(Cluster cluster, List<String> people) {
    Set<String> parties = new LinkedHashSet<>();
    RoutingView view = null;
    for (String person : people) {
      if (isAccount(person)) {
        parties.add(person);
        continue;
      }
      if (view == null) {
        view = routingView(cluster);
      }
      Optional<AccountRoute> route = view.person(person);
      if (route.isEmpty()) {
        throw CliFailure.badInput(
            "--person '"
                + person
                + "' is neither an account (messenger:<id>) nor a person on "
                + Topics.IDENTITY_LINKS);
      }
      parties.add(person);
      route.get().routes().forEach(account -> parties.add(name(account)));
    }
    return parties;
  }

  static String name(AccountRef account) {
    return account.platform().wireName() + ":" + account.accountId();
  }

  private static boolean isAccount(String value) {
    int colon = value.indexOf(':');
    return colon > 0
        && Arrays.stream(Platform.values())
            .anyMatch(p -> p.wireName().equals(value.substring(0, colon)));
  }

  private static RoutingView routingView(Cluster cluster) {
    cluster.requireTopics(List.of(Topics.IDENTITY_LINKS));
    RoutingView view = new RoutingView();
    Ranges.readAll(
        cluster,
        List.of(Topics.IDENTITY_LINKS),
        record -> {
          try {
            view.apply(withStringKey(record));
          } catch (RuntimeException invalid) {
            // The gateway skips such a record too; the filter works with the rest.
          }
        });
    return view;
  }

  private static ConsumerRecord<String, byte[]> withStringKey(ConsumerRecord<byte[], byte[]> r) {
    return new ConsumerRecord<>(
        r.topic(),
        r.partition(),
        r.offset(),
        r.timestamp(),
        TimestampType.CREATE_TIME,
        r.serializedKeySize(),
        r.serializedValueSize(),
        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
        r.value(),
        r.headers(),
        r.leaderEpoch());
  }
}
