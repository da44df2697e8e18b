package io.switchboard.identity.rest;

import io.switchboard.identity.entity.AccountAlias;
import java.time.Instant;

/**
 * One identifier an account had. Phone numbers are masked but for their last two digits.
 *
 * @param kind wa_id, bsuid or phone
 * @param value the identifier (masked for phone numbers)
 * @param validFrom since when the account had it
 * @param validTo when a newer one replaced it; absent while current
 */
public record AliasView(String kind, String value, Instant validFrom, Instant validTo) {
  private static final int SHOWN = 2;

  public static AliasView of(AccountAlias alias) {
    String value = "phone".equals(alias.kind) ? mask(alias.value) : alias.value;
    return new AliasView(alias.kind, value, alias.validFrom, alias.validTo);
  }

  static String mask(String phone) {
    if (phone.length() <= SHOWN + 1) {
      return "*".repeat(phone.length());
    }
    int hidden = phone.length() - 1 - SHOWN;
    return phone.charAt(0) + "*".repeat(hidden) + phone.substring(phone.length() - SHOWN);
  }

  /** Never prints the value: it may be a phone number. */
  @Override
  public String toString() {
    return "AliasView[kind=" + kind + "]";
  }
}
