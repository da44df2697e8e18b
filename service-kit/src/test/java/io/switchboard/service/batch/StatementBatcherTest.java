package io.switchboard.service.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** How requests share statements, against statements the test finishes by hand. */
class StatementBatcherTest {
  private final List<List<String>> statements = new ArrayList<>();
  private final List<UniEmitter<? super List<String>>> running = new ArrayList<>();

  private final StatementBatcher<String, String> batcher =
      StatementBatcher.<String, String>of(this::statement)
          .maxInFlight(2)
          .maxWeight(4, String::length)
          .exclusiveBy(request -> request.startsWith("k") ? request.substring(0, 2) : null)
          .build();

  @Test
  void requestsArrivingWhileTwoStatementsRunGoTogetherInTheNext() {
    CompletableFuture<String> a = submit("a");
    CompletableFuture<String> b = submit("b");
    CompletableFuture<String> c = submit("c");
    CompletableFuture<String> d = submit("d");

    assertThat(statements).containsExactly(List.of("a"), List.of("b"));
    finish(1);
    assertThat(b).isCompletedWithValue("b done");
    assertThat(statements.get(2)).containsExactly("c", "d");
    finish(2);
    assertThat(c).isCompletedWithValue("c done");
    assertThat(d).isCompletedWithValue("d done");
    assertThat(a).isNotDone();
  }

  @Test
  void aStatementCarriesItsWeightAtMostAndAHeavyRequestGoesAlone() {
    submit("a");
    submit("b");
    submit("cc");
    submit("dd");
    submit("eeeeee");
    submit("f");

    finish(0);
    assertThat(statements.get(2)).containsExactly("cc", "dd");
    finish(1);
    assertThat(statements.get(3)).containsExactly("eeeeee");
    finish(2);
    assertThat(statements.get(4)).containsExactly("f");
  }

  @Test
  void requestsWithTheSameKeyRunOneAtATimeInTheirOrder() {
    submit("k1-first");
    CompletableFuture<String> second = submit("k1-second");
    submit("x");
    submit("k1-third");
    submit("y");

    // k1-second waits for k1-first to finish, and k1-third behind it; the others go on.
    assertThat(statements).containsExactly(List.of("k1-first"), List.of("x"));
    finish(1);
    assertThat(statements.get(2)).containsExactly("y");
    finish(0);
    assertThat(statements.get(3)).containsExactly("k1-second");
    assertThat(statements).hasSize(4);
    finish(3);
    assertThat(second).isCompletedWithValue("k1-second done");
    assertThat(statements.get(4)).containsExactly("k1-third");
  }

  @Test
  void aFailedStatementFailsItsRequestsAndTheNextStillRuns() {
    submit("a");
    submit("b");
    CompletableFuture<String> c = submit("c");
    running.get(0).fail(new IllegalStateException("database unreachable"));

    assertThat(statements.get(2)).containsExactly("c");
    running.get(2).fail(new IllegalStateException("database unreachable"));
    assertThat(c).isCompletedExceptionally();
    CompletableFuture<String> d = submit("d");
    finish(3);
    assertThat(d).isCompletedWithValue("d done");
  }

  @Test
  void aStatementThatThrowsBeforeItStartsFailsItsRequestsAndFreesItsSlot() {
    StatementBatcher<String, String> broken =
        StatementBatcher.<String, String>of(
                requests -> {
                  throw new IllegalStateException("pool closed");
                })
            .maxInFlight(1)
            .build();

    assertThat(broken.submit("a").subscribeAsCompletionStage()).isCompletedExceptionally();
    assertThat(broken.submit("b").subscribeAsCompletionStage()).isCompletedExceptionally();
  }

  @Test
  void aStatementAnsweringTooFewResultsFailsItsRequests() {
    StatementBatcher<String, String> short1 =
        StatementBatcher.<String, String>of(requests -> Uni.createFrom().item(List.of())).build();

    assertThat(short1.submit("a").subscribeAsCompletionStage()).isCompletedExceptionally();
  }

  private Uni<List<String>> statement(List<String> requests) {
    statements.add(requests);
    return Uni.createFrom().emitter(running::add);
  }

  private void finish(int statement) {
    running
        .get(statement)
        .complete(statements.get(statement).stream().map(r -> r + " done").toList());
  }

  private CompletableFuture<String> submit(String request) {
    return batcher.submit(request).subscribeAsCompletionStage();
  }
}
