package io.switchboard.adapter.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** How concurrent claims share statements, against a store whose statements the test finishes. */
class BatchedClaimsTest {
  private final ScriptedStore store = new ScriptedStore();
  private final BatchedClaims claims = new BatchedClaims(store);

  @Test
  void requestsArrivingWhileAStatementRunsShareTheNextOne() {
    CompletableFuture<Claim> a = claim("a1");
    CompletableFuture<Claim> b = claim("b1");
    CompletableFuture<Claim> c = claim("c1", "c2");
    CompletableFuture<Claim> d = claim("d1");

    // One statement runs at a time; b, c and d wait and then go together.
    assertThat(store.statements()).containsExactly(List.of("a1"));
    store.finish(0, Set.of("a1"));

    assertThat(a).isCompletedWithValueMatching(claim -> claim.eventIds().equals(Set.of("a1")));
    assertThat(store.statements()).hasSize(2);
    assertThat(store.statements().get(1)).containsExactly("b1", "c1", "c2", "d1");
    assertThat(b).isNotDone();
    store.finish(1, Set.of("b1", "c1", "d1"));

    assertThat(b).isCompletedWithValueMatching(claim -> claim.eventIds().equals(Set.of("b1")));
    assertThat(c).isCompletedWithValueMatching(claim -> claim.eventIds().equals(Set.of("c1")));
    assertThat(d).isCompletedWithValueMatching(claim -> claim.eventIds().equals(Set.of("d1")));
  }

  @Test
  void anIdWantedByTwoRequestsOfOneStatementGoesToTheFirst() {
    claim("x0");
    CompletableFuture<Claim> first = claim("same", "f1");
    CompletableFuture<Claim> second = claim("same", "s1");
    store.finish(0, Set.of("x0"));

    assertThat(store.statements().get(1)).containsExactly("same", "f1", "s1");
    store.finish(1, Set.of("same", "f1", "s1"));

    assertThat(first.join().eventIds()).containsExactlyInAnyOrder("same", "f1");
    assertThat(second.join().eventIds()).containsExactly("s1");
    assertThat(second.join().claimedAt()).isEqualTo(first.join().claimedAt());
  }

  @Test
  void aFailedStatementFailsEveryRequestInItAndTheNextStatementStillRuns() {
    claim("p0");
    CompletableFuture<Claim> r = claim("r1");
    CompletableFuture<Claim> s = claim("s1");
    store.finish(0, Set.of("p0"));
    store.fail(1);

    assertThat(r).isCompletedExceptionally();
    assertThat(s).isCompletedExceptionally();

    CompletableFuture<Claim> t = claim("t1");
    assertThat(store.statements()).hasSize(3);
    store.finish(2, Set.of("t1"));
    assertThat(t.join().eventIds()).containsExactly("t1");
  }

  @Test
  void aStatementThatCannotEvenStartFailsItsRequestsAndFreesItsSlot() {
    store.throwOnNextClaim = true;
    CompletableFuture<Claim> broken = claim("b1");
    assertThat(broken).isCompletedExceptionally();

    CompletableFuture<Claim> next = claim("n1");
    assertThat(store.statements()).hasSize(2);
    store.finish(1, Set.of("n1"));
    assertThat(next.join().eventIds()).containsExactly("n1");
  }

  @Test
  void nothingToClaimMakesNoStatement() {
    assertThat(claim().join().isEmpty()).isTrue();
    assertThat(store.statements()).isEmpty();
  }

  private CompletableFuture<Claim> claim(String... ids) {
    return claims.claim(List.of(ids)).subscribeAsCompletionStage();
  }

  /** A store whose claim statements wait until the test finishes or fails them. */
  private static final class ScriptedStore extends DedupeStore {
    private final List<List<String>> statements = new ArrayList<>();
    private final ConcurrentHashMap<Integer, UniEmitter<? super Claim>> running =
        new ConcurrentHashMap<>();
    private final OffsetDateTime now = OffsetDateTime.now();

    ScriptedStore() {
      super(null, null);
    }

    boolean throwOnNextClaim;

    @Override
    public synchronized Uni<Claim> claim(Collection<String> eventIds) {
      if (throwOnNextClaim) {
        throwOnNextClaim = false;
        statements.add(List.copyOf(eventIds));
        throw new IllegalStateException("pool closed");
      }
      int index = statements.size();
      statements.add(List.copyOf(eventIds));
      return Uni.createFrom().emitter(emitter -> running.put(index, emitter));
    }

    synchronized List<List<String>> statements() {
      return List.copyOf(statements);
    }

    void finish(int statement, Set<String> claimed) {
      running.remove(statement).complete(new Claim(new HashSet<>(claimed), now));
    }

    void fail(int statement) {
      running.remove(statement).fail(new IllegalStateException("database unreachable"));
    }
  }
}
