package io.switchboard.events.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RoutingViewTest {
  private static final AccountRef WHATSAPP = AccountRef.of(Platform.WHATSAPP, "14155550123");
  private final RoutingView view = new RoutingView();

  @Test
  void findsAnAccountByItsIdAndByItsAlias() {
    view.apply(record(route(WHATSAPP, "p1", 1, List.of("US.123"))));

    assertThat(view.find(WHATSAPP)).map(AccountRoute::personId).contains("p1");
    assertThat(view.find(AccountRef.of(Platform.WHATSAPP, "US.123")))
        .map(AccountRoute::personId)
        .contains("p1");
    assertThat(view.find(AccountRef.of(Platform.MESSENGER, "US.123"))).isEmpty();
  }

  @Test
  void forgetsAnAccountOnATombstone() {
    view.apply(record(route(WHATSAPP, "p1", 1, List.of("US.123"))));

    view.apply(tombstone(WHATSAPP));

    assertThat(view.find(WHATSAPP)).isEmpty();
    assertThat(view.find(AccountRef.of(Platform.WHATSAPP, "US.123"))).isEmpty();
    assertThat(view.size()).isZero();
  }

  @Test
  void neverGoesBackToAnOlderVersionOfTheSamePerson() {
    view.apply(record(route(WHATSAPP, "p1", 5, List.of())));

    view.apply(record(route(WHATSAPP, "p1", 4, List.of("US.old"))));

    assertThat(view.find(WHATSAPP)).map(AccountRoute::version).contains(5L);
    assertThat(view.find(AccountRef.of(Platform.WHATSAPP, "US.old"))).isEmpty();
  }

  @Test
  void takesTheRouteOfANewPersonWhateverItsVersion() {
    view.apply(record(route(WHATSAPP, "p1", 9, List.of())));
    view.apply(tombstone(WHATSAPP));

    view.apply(record(route(WHATSAPP, "p2", 1, List.of())));

    assertThat(view.find(WHATSAPP)).map(AccountRoute::personId).contains("p2");
  }

  @Test
  void dropsAnAliasTheAccountNoLongerHas() {
    view.apply(record(route(WHATSAPP, "p1", 1, List.of("US.old"))));

    view.apply(record(route(WHATSAPP, "p1", 2, List.of("US.new"))));

    assertThat(view.find(AccountRef.of(Platform.WHATSAPP, "US.old"))).isEmpty();
    assertThat(view.find(AccountRef.of(Platform.WHATSAPP, "US.new"))).isPresent();
  }

  @Test
  void findsAPersonByTheNewestRouteOfAnyOfTheirAccounts() {
    AccountRef messenger = AccountRef.of(Platform.MESSENGER, "24000001");
    view.apply(record(route(WHATSAPP, "p1", 1, List.of())));
    view.apply(record(route(messenger, "p1", 2, List.of())));

    assertThat(view.person("p1")).map(AccountRoute::version).contains(2L);

    view.apply(tombstone(messenger));
    assertThat(view.person("p1")).map(AccountRoute::account).contains(WHATSAPP);
    view.apply(tombstone(WHATSAPP));
    assertThat(view.person("p1")).isEmpty();
    assertThat(view.person("nobody")).isEmpty();
  }

  @Test
  void movesAnAccountToItsNewPerson() {
    view.apply(record(route(WHATSAPP, "p1", 3, List.of())));
    view.apply(tombstone(WHATSAPP));
    view.apply(record(route(WHATSAPP, "p2", 1, List.of())));

    assertThat(view.person("p1")).isEmpty();
    assertThat(view.person("p2")).map(AccountRoute::account).contains(WHATSAPP);
  }

  @Test
  void movesAnAccountToAnotherPersonWithoutATombstoneBetween() {
    AccountRef messenger = AccountRef.of(Platform.MESSENGER, "24000001");
    view.apply(record(route(WHATSAPP, "p1", 3, List.of())));
    view.apply(record(route(messenger, "p1", 2, List.of())));
    view.apply(record(route(WHATSAPP, "p2", 1, List.of())));

    assertThat(view.person("p1")).map(AccountRoute::account).contains(messenger);
    assertThat(view.person("p2")).map(AccountRoute::account).contains(WHATSAPP);
  }

  private static AccountRoute route(
      AccountRef account, String person, long version, List<String> aliases) {
    return new AccountRoute(
        account,
        aliases,
        person,
        List.of(account),
        false,
        new AccountRoute.DeliveryPreference("all", null, null),
        List.of(),
        List.of(),
        List.of(),
        version,
        Instant.parse("2026-11-25T12:00:00Z"));
  }

  private static ConsumerRecord<String, byte[]> record(AccountRoute route) {
    ProducerRecord<String, byte[]> produced =
        MeshEventRecords.toRecord(
            Topics.IDENTITY_LINKS,
            MeshEvent.of(EventIds.random(), MeshEvent.sourceOf("test"), route.updatedAt(), route));
    ConsumerRecord<String, byte[]> consumed =
        new ConsumerRecord<>(Topics.IDENTITY_LINKS, 0, 0, produced.key(), produced.value());
    produced.headers().forEach(h -> consumed.headers().add(h));
    return consumed;
  }

  private static ConsumerRecord<String, byte[]> tombstone(AccountRef account) {
    return new ConsumerRecord<>(Topics.IDENTITY_LINKS, 0, 1, AccountRoute.keyOf(account), null);
  }
}
