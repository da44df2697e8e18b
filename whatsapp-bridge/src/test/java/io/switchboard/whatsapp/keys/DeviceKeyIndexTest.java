package io.switchboard.whatsapp.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key view's rules: latest route per account, tombstones, shared keys, stale versions. */
class DeviceKeyIndexTest {
  private static final AccountRef WA = new AccountRef(Platform.WHATSAPP, "16505551234");
  private static final AccountRef IG = new AccountRef(Platform.INSTAGRAM, "9988776655");

  private final DeviceKeyIndex index = new DeviceKeyIndex();

  @Test
  void aNewRouteReplacesTheAccountsKeys() {
    index.apply(route(WA, "p1", 1, "dk_phone", "dk_laptop"));
    index.apply(route(WA, "p1", 2, "dk_phone"));

    assertThat(index.isCurrent("dk_phone")).isTrue();
    assertThat(index.isCurrent("dk_laptop")).isFalse();
    assertThat(index.keys()).isEqualTo(1);
  }

  @Test
  void aKeyStaysCurrentWhileAnyAccountNamesIt() {
    index.apply(route(WA, "p1", 1, "dk_phone"));
    index.apply(route(IG, "p1", 1, "dk_phone"));

    index.remove(AccountRoute.keyOf(WA));
    assertThat(index.isCurrent("dk_phone")).isTrue();
    index.remove(AccountRoute.keyOf(IG));
    assertThat(index.isCurrent("dk_phone")).isFalse();
    assertThat(index.accounts()).isZero();
  }

  @Test
  void anOlderRouteOfTheSamePersonIsIgnored() {
    index.apply(route(WA, "p1", 5, "dk_new"));
    index.apply(route(WA, "p1", 4, "dk_old"));

    assertThat(index.isCurrent("dk_new")).isTrue();
    assertThat(index.isCurrent("dk_old")).isFalse();
    // The account relinked to another person: its version counts anew.
    index.apply(route(WA, "p2", 1, "dk_other"));
    assertThat(index.isCurrent("dk_new")).isFalse();
    assertThat(index.isCurrent("dk_other")).isTrue();
  }

  @Test
  void aTombstoneOfAnUnknownAccountChangesNothing() {
    index.apply(route(WA, "p1", 1, "dk_phone"));
    index.remove("whatsapp:nobody");

    assertThat(index.isCurrent("dk_phone")).isTrue();
    assertThat(index.isCurrent(null)).isFalse();
  }

  private static AccountRoute route(
      AccountRef account, String person, long version, String... keys) {
    return new AccountRoute(
        account,
        List.of(),
        person,
        List.of(account),
        true,
        new AccountRoute.DeliveryPreference("all", null, null),
        List.of(),
        List.of(),
        List.of(keys),
        version,
        Instant.parse("2026-11-25T12:00:00Z"));
  }
}
