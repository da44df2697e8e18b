package io.switchboard.simulator.users;

import io.switchboard.simulator.Platform;
import java.time.Duration;
import java.time.Instant;

/**
 * A person the simulated platform knows, as seen by one business (page, Instagram account or
 * WhatsApp phone number).
 *
 * @param lastInboundAt when they last messaged the business; {@code null} if never
 */
public record KnownUser(
    Platform platform, String businessId, String userId, Instant lastInboundAt) {
  /** Whether the business may still answer at {@code now}, {@code window} after their message. */
  public boolean messagedWithin(Duration window, Instant now) {
    return lastInboundAt != null && !lastInboundAt.plus(window).isBefore(now);
  }
}
