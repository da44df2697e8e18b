package io.switchboard.adapter.dedupe;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Marks claimed events published after Kafka acknowledged them, off the webhook's critical path:
 * the webhook is answered as soon as Kafka has the events, and the marks of all requests that
 * finish within {@link #LINGER} (or while a statement runs) go to the store together, in one
 * statement at a time. Without the pause a statement took about two marks at 800 webhooks a second,
 * each one a round trip and a transaction.
 *
 * <p>Nothing is lost when a mark is late or never made: the event is in Kafka already. A claim that
 * is not marked only blocks redeliveries until the claim timeout; a redelivery after that publishes
 * the event again under the same id, which consumers drop (at least once, never lost).
 */
@ApplicationScoped
public class PublishedMarks {
  /** Ids per statement at most; more wait for the next one. */
  static final int MAX_BATCH = 2_000;

  /** How long marks gather before a statement takes them, unless a full statement's worth waits. */
  static final Duration LINGER = Duration.ofMillis(20);

  private static final Logger LOG = Logger.getLogger(PublishedMarks.class);

  private final DedupeStore store;
  private final Duration linger;
  private final Object lock = new Object();
  private List<Claim> pending = new ArrayList<>();
  private int pendingIds;
  private boolean flushing;

  @Inject
  public PublishedMarks(DedupeStore store) {
    this(store, LINGER);
  }

  PublishedMarks(DedupeStore store, Duration linger) {
    this.store = store;
    this.linger = linger;
  }

  /** Queues the claim's ids to be marked published; returns at once. */
  public void mark(Claim claim) {
    if (claim.isEmpty()) {
      return;
    }
    synchronized (lock) {
      pending.add(claim);
      pendingIds += claim.eventIds().size();
      if (flushing) {
        return;
      }
      flushing = true;
    }
    later();
  }

  /** The number of ids queued and not yet sent to the store. */
  public int pending() {
    synchronized (lock) {
      return pendingIds;
    }
  }

  private void flush() {
    Set<String> ids = new HashSet<>();
    synchronized (lock) {
      if (pending.isEmpty()) {
        flushing = false;
        return;
      }
      List<Claim> rest = new ArrayList<>();
      for (Claim claim : pending) {
        if (ids.isEmpty() || ids.size() + claim.eventIds().size() <= MAX_BATCH) {
          ids.addAll(claim.eventIds());
          pendingIds -= claim.eventIds().size();
        } else {
          rest.add(claim);
        }
      }
      pending = rest;
    }
    store
        .markPublished(new Claim(ids, null))
        .subscribe()
        .with(
            done -> next(),
            failure -> {
              // The claims go stale; only a redelivery after the claim timeout republishes them.
              LOG.warnf("could not mark %d events published: %s", ids.size(), failure.toString());
              next();
            });
  }

  /** After a statement: the next one at once when a full one waits, after the pause otherwise. */
  private void next() {
    boolean full;
    synchronized (lock) {
      if (pending.isEmpty()) {
        flushing = false;
        return;
      }
      full = pendingIds >= MAX_BATCH;
    }
    if (full) {
      flush();
    } else {
      later();
    }
  }

  private void later() {
    Uni.createFrom()
        .voidItem()
        .onItem()
        .delayIt()
        .by(linger)
        .subscribe()
        .with(done -> flush(), failure -> flush());
  }

  /** Gives queued marks a moment to reach the store when the service stops. */
  void onStop(@Observes ShutdownEvent event) {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (lock) {
        if (!flushing && pending.isEmpty()) {
          return;
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    LOG.warnf("stopping with %d events not yet marked published", pending());
  }
}
