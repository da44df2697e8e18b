package io.switchboard.adapter.dedupe;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Forgets event ids whose retry window has passed, in small batches so that webhooks never wait
 * behind it. Every replica runs it; {@code SKIP LOCKED} keeps them out of each other's way.
 */
@ApplicationScoped
public class DedupeCleanup {
  private static final Logger LOG = Logger.getLogger(DedupeCleanup.class);

  private final DedupeStore store;
  private final DedupeConfig config;
  private volatile boolean stopping;

  public DedupeCleanup(DedupeStore store, DedupeConfig config) {
    this.store = store;
    this.config = config;
  }

  @Scheduled(
      every = "${switchboard.dedupe.cleanup-every:10m}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> run() {
    return deleteExpired()
        .invoke(deleted -> LOG.debugf("deleted %d expired dedupe ids", deleted))
        .onFailure(e -> !stopping)
        .invoke(e -> LOG.warnf("dedupe cleanup failed, retried next run: %s", e.toString()))
        .onFailure()
        .recoverWithNull()
        .replaceWithVoid();
  }

  /** A run cut short by the service stopping (its pool closing) is not worth a warning. */
  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
  }

  /** Deletes expired ids, batch after batch, until none is left or the run's budget is spent. */
  public Uni<Integer> deleteExpired() {
    return sweep(config.cleanupMaxBatches());
  }

  private Uni<Integer> sweep(int batchesLeft) {
    int size = config.cleanupBatchSize();
    return store
        .deleteExpired(size)
        .flatMap(
            deleted ->
                deleted < size || batchesLeft <= 1
                    ? Uni.createFrom().item(deleted)
                    : sweep(batchesLeft - 1).map(more -> deleted + more));
  }
}
