package io.switchboard.identity.service;

import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.service.rest.ApiException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a valid identifier looks like on each platform. A malformed one is refused with 400 and the
 * field named, before anything is looked up or changed.
 */
public final class PlatformIds {
  private static final Pattern NUMERIC = Pattern.compile("[0-9]{1,32}");
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern BSUID = Pattern.compile("[A-Z]{2}\\.[A-Za-z0-9]{1,64}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private PlatformIds() {}

  /** Checks an account's id; {@code field} names it in the error. */
  public static AccountRef account(Platform platform, String accountId, String field) {
    if (platform == null) {
      throw invalid(
          field + ".platform", "is required: instagram, messenger, whatsapp or switchboard");
    }
    if (accountId == null || accountId.isBlank()) {
      throw invalid(field + ".accountId", "is required");
    }
    boolean valid =
        switch (platform) {
          case INSTAGRAM, MESSENGER -> NUMERIC.matcher(accountId).matches();
          case WHATSAPP ->
              NUMERIC.matcher(accountId).matches() || BSUID.matcher(accountId).matches();
          case SWITCHBOARD -> DEVICE.matcher(accountId).matches();
        };
    if (!valid) {
      throw invalid(field + ".accountId", expectation(platform));
    }
    return AccountRef.of(platform, accountId);
  }

  /** Parses a platform's wire name; {@code field} names it in the error. */
  public static Platform platform(String wireName, String field) {
    try {
      return Platform.fromWireName(wireName);
    } catch (IllegalArgumentException e) {
      throw invalid(field, "must be instagram, messenger, whatsapp or switchboard");
    }
  }

  /**
   * Checks a WhatsApp alias: a wa_id, a BSUID or an E.164 phone number. {@code field} prefixes the
   * names in the error; empty for an alias that is the whole body.
   */
  public static void alias(String kind, String value, String field) {
    Pattern pattern =
        switch (kind == null ? "" : kind) {
          case "wa_id" -> NUMERIC;
          case "bsuid" -> BSUID;
          case "phone" -> E164;
          default -> throw invalid(nested(field, "kind"), "must be wa_id, bsuid or phone");
        };
    if (value == null || !pattern.matcher(value).matches()) {
      throw invalid(
          nested(field, "value"),
          switch (kind) {
            case "phone" -> "must be an E.164 phone number, e.g. +14155550123";
            case "bsuid" -> "must be a business-scoped user id, e.g. US.13491208655302741918";
            default -> "must be a numeric wa_id";
          });
    }
  }

  private static String nested(String field, String name) {
    return field.isEmpty() ? name : field + "." + name;
  }

  private static String expectation(Platform platform) {
    return switch (platform) {
      case INSTAGRAM -> "must be a numeric Instagram-scoped id (IGSID)";
      case MESSENGER -> "must be a numeric page-scoped id (PSID)";
      case WHATSAPP -> "must be a numeric wa_id or a business-scoped user id (BSUID)";
      case SWITCHBOARD -> "must be a device id of letters, digits, '-' or '_' (at most 64)";
    };
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(
        400,
        "invalid_request",
        field + " " + message,
        List.of(Map.of("field", field, "message", message)));
  }
}
