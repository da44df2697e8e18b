package io.switchboard.adapter.outbound;

import java.util.List;

/** How delivering one event to the platform ended. */
public sealed interface SendOutcome {
  /** Calls made for the event, retries included. */
  int attempts();

  /**
   * Every call succeeded.
   *
   * @param platformMessageIds the ids the platform gave the messages created (none for actions)
   */
  record Sent(List<String> platformMessageIds, int attempts) implements SendOutcome {
    public Sent {
      platformMessageIds = List.copyOf(platformMessageIds);
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
    if (last.errorCode() == 100 && last.errorSubcode() == 2018001) {
      return "invalid_recipient";
    }
    if (last.errorCode() == 190) {
      return "access_token";
    }
    if (last.status() == 429 || last.errorCode() == 613 || last.errorCode() == 4) {
      return "rate_limited";
    }
    return last.status() >= 500 ? "platform_unavailable" : "rejected";
  }
}
