package io.switchboard.simulator.webhook;

import io.switchboard.simulator.Platform;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The last webhook batches the simulator drove, oldest first: what its app users sent, as {@link
 * io.switchboard.simulator.calls.CallLog} keeps what they received.
 */
@ApplicationScoped
public class DriveLog {
  static final int CAPACITY = 1000;

  private final Deque<DrivenWebhook> driven = new ArrayDeque<>();
  private long lastSeq;

  void record(
      Instant time, Platform platform, WebhookDescription description, List<Integer> status) {
    synchronized (driven) {
      driven.addLast(
          new DrivenWebhook(
              ++lastSeq,
              time,
              platform,
              description.businessId(),
              description.userId(),
              List.copyOf(description.events()),
              List.copyOf(status)));
      while (driven.size() > CAPACITY) {
        driven.removeFirst();
      }
    }
  }

  /** The batches driven at or after {@code since}, oldest first. */
  public List<DrivenWebhook> find(Optional<Instant> since) {
    List<DrivenWebhook> snapshot;
    synchronized (driven) {
      snapshot = List.copyOf(driven);
    }
    return snapshot.stream()
        .filter(webhook -> since.map(s -> !webhook.time().isBefore(s)).orElse(true))
        .toList();
  }

  public void clear() {
    synchronized (driven) {
      driven.clear();
    }
  }
}
