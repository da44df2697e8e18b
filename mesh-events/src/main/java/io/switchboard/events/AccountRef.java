package io.switchboard.events;

import java.util.Objects;

/**
 * One account on one app: an Instagram-scoped id (IGSID), a page-scoped id (PSID), a WhatsApp wa_id
 * or business-scoped user id (BSUID), a Meta page or business number, or a Switchboard device.
 * Never a phone number in clear unless the platform itself uses it as the id.
 *
 * @param platform the app the account lives on
 * @param accountId the platform's identifier for the account
 */
public record AccountRef(Platform platform, String accountId) {
  public AccountRef {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(accountId, "accountId");
  }

  public static AccountRef of(Platform platform, String accountId) {
    return new AccountRef(platform, accountId);
  }
}
