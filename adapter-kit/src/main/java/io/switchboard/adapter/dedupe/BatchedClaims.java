package io.switchboard.adapter.dedupe;

import io.smallrye.mutiny.Uni;
import io.switchboard.service.batch.StatementBatcher;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Claims the event ids of concurrent webhooks together: while a claim statement is running, the
 * requests that arrive wait and then go to the store in one statement, so under load the store sees
 * a few large statements instead of one per webhook. Each request gets back exactly the ids of its
 * own batch that were claimed; an id wanted by two requests of one statement goes to the first, and
 * the second sees it as a duplicate, as if the two had run one after the other.
 *
 * <p>One statement runs at a time ({@link #MAX_IN_FLIGHT}), with at most about {@link #MAX_IDS}
 * ids: under load the requests that wait for it make the next one larger rather than a second one
 * beside it, which costs the database less per id (docs/architecture.md). A failed statement fails
 * every request in it; their webhooks answer 503 and nothing was claimed.
 */
@ApplicationScoped
public class BatchedClaims {
  static final int MAX_IN_FLIGHT = 1;
  static final int MAX_IDS = 2_000;

  private final StatementBatcher<List<String>, Claim> batcher;

  public BatchedClaims(DedupeStore store) {
    this.batcher =
        StatementBatcher.<List<String>, Claim>of(
                requests -> {
                  Set<String> ids = new LinkedHashSet<>();
                  requests.forEach(ids::addAll);
                  return store.claim(ids).map(claim -> share(requests, claim));
                })
            .maxInFlight(MAX_IN_FLIGHT)
            .maxWeight(MAX_IDS, List::size)
            .build();
  }

  /** Claims the ids no one has taken, as {@link DedupeStore#claim} does. */
  public Uni<Claim> claim(List<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Uni.createFrom().item(new Claim(Set.of(), null));
    }
    return batcher.submit(List.copyOf(eventIds));
  }

  /** Each request's own ids of what the statement claimed, the first request taking a shared id. */
  private static List<Claim> share(List<List<String>> requests, Claim claim) {
    Set<String> unassigned = new HashSet<>(claim.eventIds());
    List<Claim> shares = new ArrayList<>(requests.size());
    for (List<String> request : requests) {
      Set<String> mine = new HashSet<>();
      for (String id : request) {
        if (unassigned.remove(id)) {
          mine.add(id);
        }
      }
      shares.add(new Claim(mine, claim.claimedAt()));
    }
    return shares;
  }
}
