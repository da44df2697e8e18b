package io.switchboard.adapter.outbound;

import java.util.Optional;

/**
 * What a platform edge does when the platform refuses a call because the 24-hour window has closed
 * (Graph code 10 / 2018278, WhatsApp code 131047). Without a fallback the event fails with {@code
 * outside_window}. A fallback is tried once per refused call; if its own call fails for good, the
 * event fails with {@code outside_window} too.
 */
@FunctionalInterface
public interface WindowFallback {
  /** No fallback: a message outside the window fails. */
  WindowFallback NONE = (plan, refused) -> Optional.empty();

  /**
   * Messenger and Instagram: the refused message is sent once more with {@code messaging_type:
   * MESSAGE_TAG, tag: HUMAN_AGENT} (accepted up to 7 days after the user's last message), and the
   * event goes on with its next calls. Sender actions and reactions take no tag.
   */
  WindowFallback HUMAN_AGENT =
      (plan, refused) ->
          refused.isMessage()
              ? Optional.of(new Step.Resend(refused.tagged(OutboundSender.HUMAN_AGENT)))
              : Optional.empty();

  /**
   * The call to make instead of {@code refused}, a call of {@code plan} that the platform answered
   * as outside the window; empty when there is none and the event fails.
   */
  Optional<Step> after(OutboundPlan.Send plan, SendRequest refused);

  /** What to send instead. */
  sealed interface Step {
    /** The request to send. */
    SendRequest request();

    /** Sent in place of the refused call; the event then goes on with its next calls. */
    record Resend(SendRequest request) implements Step {}

    /**
     * Sent once in place of the refused call and of every call after it (a WhatsApp template that
     * invites the user to reply). If the platform accepts it the event counts as sent, with {@code
     * note} on its delivery status.
     *
     * @param note readable, never message content
     */
    record Replace(SendRequest request, String note) implements Step {}
  }
}
