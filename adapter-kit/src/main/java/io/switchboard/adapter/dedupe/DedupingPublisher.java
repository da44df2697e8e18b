package io.switchboard.adapter.dedupe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.switchboard.adapter.publish.EventPublisher;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.kafka.EncodedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Publishes each platform event once, however often the platform delivers it: claim the event ids
 * in the {@link DedupeStore} (together with concurrent webhooks, {@link BatchedClaims}), publish
 * only what was claimed, and once Kafka acknowledged it answer and queue the mark that it was
 * published ({@link PublishedMarks}). When Kafka does not acknowledge, the claims are released and
 * the caller fails, so the platform's retry publishes the events then.
 *
 * <p>Delivery is at least once, never lost: if the process dies between Kafka's acknowledgement and
 * the mark, the claim goes stale and a redelivery after the claim timeout publishes the event again
 * with the same id, which consumers can drop. A redelivery that arrives before the mark finds the
 * claim fresh and is a duplicate.
 */
@ApplicationScoped
public class DedupingPublisher {
  /** Counts redelivered events that were dropped, tagged with the adapter that dropped them. */
  public static final String DUPLICATES_METRIC = "switchboard.webhook.duplicates";

  private static final Logger LOG = Logger.getLogger(DedupingPublisher.class);

  private final DedupeStore store;
  private final BatchedClaims claims;
  private final PublishedMarks marks;
  private final MeterRegistry registry;

  public DedupingPublisher(
      DedupeStore store, BatchedClaims claims, PublishedMarks marks, MeterRegistry registry) {
    this.store = store;
    this.claims = claims;
    this.marks = marks;
    this.registry = registry;
  }

  /**
   * What became of a webhook's events.
   *
   * @param published the events this request published and Kafka acknowledged, in order
   * @param duplicates how many were taken before and not published again
   */
  public record Outcome(List<MeshEvent<EventData>> published, int duplicates) {
    public Outcome {
      published = List.copyOf(published);
    }

    public int accepted() {
      return published.size();
    }
  }

  /**
   * Publishes the events of one webhook that were not taken before, in their order; fails if Kafka
   * does not acknowledge them within {@code ackTimeout} or the store cannot be reached.
   */
  public Uni<Outcome> publishOnce(
      List<EncodedEvent> events, EventPublisher publisher, Duration ackTimeout) {
    List<String> ids = events.stream().map(e -> e.event().id()).toList();
    return claims.claim(ids).flatMap(claim -> publishClaimed(events, claim, publisher, ackTimeout));
  }

  private Uni<Outcome> publishClaimed(
      List<EncodedEvent> events, Claim claim, EventPublisher publisher, Duration ackTimeout) {
    List<EncodedEvent> fresh = new ArrayList<>();
    List<MeshEvent<EventData>> duplicates = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (EncodedEvent encoded : events) {
      MeshEvent<EventData> event = encoded.event();
      boolean ours = claim.eventIds().contains(event.id()) && taken.add(event.id());
      if (ours) {
        fresh.add(encoded);
      } else {
        duplicates.add(event);
      }
    }
    duplicates.forEach(this::countDuplicate);
    return publisher
        .publishAll(fresh)
        .ifNoItem()
        .after(ackTimeout)
        .fail()
        .onFailure()
        .call(() -> release(claim))
        .invoke(() -> marks.mark(claim))
        .replaceWith(
            new Outcome(fresh.stream().map(EncodedEvent::event).toList(), duplicates.size()));
  }

  private Uni<Void> release(Claim claim) {
    // A claim that cannot be released goes stale and is taken again after the claim timeout.
    return store
        .release(claim)
        .onFailure()
        .invoke(e -> LOG.warnf("could not release %d claims: %s", claim.eventIds().size(), e))
        .onFailure()
        .recoverWithNull();
  }

  private void countDuplicate(MeshEvent<EventData> event) {
    Counter.builder(DUPLICATES_METRIC)
        .description("Redelivered platform events dropped because they were already taken")
        .tag("component", component(event))
        .register(registry)
        .increment();
  }

  private static String component(MeshEvent<EventData> event) {
    String path = event.source().getPath();
    return path == null ? "unknown" : path.substring(path.lastIndexOf('/') + 1);
  }
}
