package io.switchboard.adapter.outbound;

import java.util.List;

/** How delivering one event to the platform ended. */
public sealed interface SendOutcome {
  /** Calls made for the event, retries included. */
  int attempts();

  /**
   * Every call succeeded, or a fallback the platform accepted took the place of the rest.
   *
   * @param platformMessageIds the ids the platform gave the messages created (none for actions)
   * @param note when the message was delivered in another form than asked (a WhatsApp template in
   *     place of a message outside the 24-hour window): what was done, readable, never message
   *     content; null otherwise
   */
  record Sent(List<String> platformMessageIds, int attempts, String note) implements SendOutcome {
    public Sent {
      platformMessageIds = List.copyOf(platformMessageIds);
    }

    public Sent(List<String> platformMessageIds, int attempts) {
      this(platformMessageIds, attempts, null);
    }
  }

  /**
   * A call failed for good: permanently refused, or still failing after the last attempt.
   *
   * @param reason a stable code: {@code outside_window}, {@code invalid_recipient}, {@code
   *     access_token}, {@code rate_limited}, {@code platform_unavailable}, {@code timeout}, {@code
   *     unreachable}, {@code rejected}
   * @param explanation readable: the status and Meta's codes, never message content
   * @param status the last HTTP status, 0 when there was no answer
   */
  record Failed(String reason, String explanation, int status, int attempts)
      implements SendOutcome {}

  /** The failure a final Send API answer stands for. */
  static Failed failed(SendApiResponse last, int attempts, boolean retriesExhausted) {
    String explanation =
        "the Send API answered "
            + last.describe()
            + (retriesExhausted ? " after " + attempts + " attempts" : "");
    return new Failed(reasonOf(last), explanation, last.status(), attempts);
  }

  private static String reasonOf(SendApiResponse last) {
    if (last.status() == 0) {
      return switch (last.transportError()) {
        case "timeout" -> "timeout";
        case SendApiResponse.NO_ACCESS_TOKEN -> "access_token";
        default -> "unreachable";
      };
    }
    if (last.outsideWindow()) {
      return "outside_window";
    }
    if ((last.errorCode() == 100 && last.errorSubcode() == 2018001)
        || last.errorCode() == SendApiResponse.CODE_WHATSAPP_UNDELIVERABLE) {
      return "invalid_recipient";
    }
    if (last.errorCode() == 190) {
      return "access_token";
    }
    if (last.status() == 429 || rateLimit(last.errorCode())) {
      return "rate_limited";
    }
    return last.status() >= 500 ? "platform_unavailable" : "rejected";
  }

  /** Graph (4, 613) and WhatsApp (80007, 130429, 131056) rate-limit codes. */
  private static boolean rateLimit(int code) {
    return switch (code) {
      case 4, 613, 80007, 130429, 131056 -> true;
      default -> false;
    };
  }
}
