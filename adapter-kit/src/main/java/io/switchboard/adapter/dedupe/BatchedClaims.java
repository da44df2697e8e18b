package io.switchboard.adapter.dedupe;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Claims the event ids of concurrent webhooks together: while a claim statement is running, the
 * requests that arrive wait and then go to the store in one statement, so under load the store sees
 * a few large statements instead of one per webhook. Each request gets back exactly the ids of its
 * own batch that were claimed; an id wanted by two requests of one statement goes to the first, and
 * the second sees it as a duplicate, as if the two had run one after the other.
 *
 * <p>At most {@link #MAX_IN_FLIGHT} statements run at once, each with at most about {@link
 * #MAX_IDS} ids. A failed statement fails every request in it; their webhooks answer 503 and
 * nothing was claimed.
 */
@ApplicationScoped
public class BatchedClaims {
  static final int MAX_IN_FLIGHT = 2;
  static final int MAX_IDS = 2_000;

  private record Waiting(List<String> ids, CompletableFuture<Claim> result) {}

  private final DedupeStore store;
  private final Object lock = new Object();
  private List<Waiting> queue = new ArrayList<>();
  private int inFlight;

  public BatchedClaims(DedupeStore store) {
    this.store = store;
  }

  /** Claims the ids no one has taken, as {@link DedupeStore#claim} does. */
  public Uni<Claim> claim(List<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Uni.createFrom().item(new Claim(Set.of(), null));
    }
    return Uni.createFrom()
        .deferred(
            () -> {
              Waiting waiting = new Waiting(List.copyOf(eventIds), new CompletableFuture<>());
              List<Waiting> batch;
              synchronized (lock) {
                queue.add(waiting);
                batch = next();
              }
              run(batch);
              return Uni.createFrom().completionStage(waiting.result());
            });
  }

  /** Takes the next batch if a statement may start; call with the lock held. */
  private List<Waiting> next() {
    if (queue.isEmpty() || inFlight >= MAX_IN_FLIGHT) {
      return List.of();
    }
    List<Waiting> batch = new ArrayList<>();
    List<Waiting> rest = new ArrayList<>();
    int ids = 0;
    for (Waiting waiting : queue) {
      if (batch.isEmpty() || ids + waiting.ids().size() <= MAX_IDS) {
        batch.add(waiting);
        ids += waiting.ids().size();
      } else {
        rest.add(waiting);
      }
    }
    queue = rest;
    inFlight++;
    return batch;
  }

  private void run(List<Waiting> batch) {
    if (batch.isEmpty()) {
      return;
    }
    Set<String> ids = new LinkedHashSet<>();
    batch.forEach(waiting -> ids.addAll(waiting.ids()));
    // Deferred, so that even a statement that fails before it starts ends as a failure below and
    // frees its slot; a slot never freed would stop every later claim.
    Uni.createFrom()
        .deferred(() -> store.claim(ids))
        .subscribe()
        .with(
            claim -> {
              finished();
              share(batch, claim);
            },
            failure -> {
              finished();
              batch.forEach(waiting -> waiting.result().completeExceptionally(failure));
            });
  }

  private void finished() {
    List<Waiting> batch;
    synchronized (lock) {
      inFlight--;
      batch = next();
    }
    run(batch);
  }

  private static void share(List<Waiting> batch, Claim claim) {
    Set<String> unassigned = new HashSet<>(claim.eventIds());
    for (Waiting waiting : batch) {
      Set<String> mine = new HashSet<>();
      for (String id : waiting.ids()) {
        if (unassigned.remove(id)) {
          mine.add(id);
        }
      }
      waiting.result().complete(new Claim(mine, claim.claimedAt()));
    }
  }
}
