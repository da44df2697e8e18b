package io.switchboard.adapter.dedupe;

import java.time.OffsetDateTime;
import java.util.Set;

/**
 * What one request claimed: the event ids it may publish, and the claim's time, which tells its
 * claims apart from a later request's.
 *
 * @param eventIds the ids this request claimed; every other id of its batch is a duplicate
 * @param claimedAt the database time of the claim; {@code null} when nothing was claimed
 */
public record Claim(Set<String> eventIds, OffsetDateTime claimedAt) {
  public Claim {
    eventIds = Set.copyOf(eventIds);
  }

  public boolean isEmpty() {
    return eventIds.isEmpty();
  }
}
