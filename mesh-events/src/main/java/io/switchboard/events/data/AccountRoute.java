package io.switchboard.events.data;

import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import java.time.Instant;
import java.util.List;

/**
 * What the mesh needs to route to and from one linked account, as published by identity-service on
 * the compacted {@code identity.links} topic: the latest record per account is its current state, a
 * tombstone (no value) means the account is unlinked or erased. Reading the topic from the
 * beginning rebuilds the complete routing view.
 *
 * @param account the account (its key is {@link #keyOf(AccountRef)})
 * @param aliases other ids the same account is known by on its platform (a WhatsApp BSUID beside
 *     the wa_id); never phone numbers
 * @param personId the person the account belongs to
 * @param routes every account of that person: where their messages can go
 * @param crossAppEnabled whether the person turned cross-app messaging on
 * @param delivery where the person wants messages delivered
 * @param controls who reaches the inbox, requests or nobody, per source app
 * @param blockedPersonIds persons this person blocked, on every app
 * @param deviceKeyIds current public device keys of the person, for sealed messages
 * @param version increases with every change of the person, so a consumer can ignore stale state
 * @param updatedAt when the person last changed
 */
public record AccountRoute(
    AccountRef account,
    List<String> aliases,
    String personId,
    List<AccountRef> routes,
    boolean crossAppEnabled,
    DeliveryPreference delivery,
    List<MessageControl> controls,
    List<String> blockedPersonIds,
    List<String> deviceKeyIds,
    long version,
    Instant updatedAt)
    implements EventData {
  public AccountRoute {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    routes = routes == null ? List.of() : List.copyOf(routes);
    controls = controls == null ? List.of() : List.copyOf(controls);
    blockedPersonIds = blockedPersonIds == null ? List.of() : List.copyOf(blockedPersonIds);
    deviceKeyIds = deviceKeyIds == null ? List.of() : List.copyOf(deviceKeyIds);
  }

  @Override
  public String key() {
    return keyOf(account);
  }

  /** The {@code identity.links} key of an account: {@code <platform>:<accountId>}. */
  public static String keyOf(AccountRef account) {
    return account.platform().wireName() + ":" + account.accountId();
  }

  /**
   * Where a person's messages go.
   *
   * @param mode {@code all} linked apps, one {@code preferred} app, or the app {@code last_used}
   * @param preferredPlatform the app for {@code preferred}
   * @param lastUsedPlatform the app the person last wrote from
   */
  public record DeliveryPreference(
      String mode, Platform preferredPlatform, Platform lastUsedPlatform) {}

  /**
   * Where messages from one source app land.
   *
   * @param sourcePlatform the app the sender writes from
   * @param known placement for senders the person already has a conversation with
   * @param unknown placement for everyone else
   */
  public record MessageControl(Platform sourcePlatform, String known, String unknown) {}
}
