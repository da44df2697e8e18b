package io.switchboard.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FrameQueueTest {
  private final List<String> started = new ArrayList<>();
  private final List<CompletableFuture<Void>> running = new ArrayList<>();

  @Test
  void framesAreHandledOneAtATimeInTheOrderTheyArrived() {
    FrameQueue queue = new FrameQueue(10);
    List<CompletableFuture<Void>> results = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      results.add(queue.add(frame(name)).subscribeAsCompletionStage());
    }

    assertThat(started).containsExactly("a");
    assertThat(queue.waiting()).isEqualTo(2);
    running.get(0).complete(null);
    assertThat(results.get(0)).isCompleted();
    assertThat(started).containsExactly("a", "b");
    running.get(1).complete(null);
    running.get(2).complete(null);
    assertThat(started).containsExactly("a", "b", "c");
    assertThat(results).allSatisfy(r -> assertThat(r).isCompleted());
    assertThat(queue.waiting()).isZero();

    queue.add(frame("d"));
    assertThat(started).containsExactly("a", "b", "c", "d");
  }

  @Test
  void aFrameBeyondTheWaitingBoundIsRefused() {
    FrameQueue queue = new FrameQueue(2);
    queue.add(frame("handled"));
    assertThat(queue.add(frame("waits"))).isNotNull();
    assertThat(queue.add(frame("waits too"))).isNotNull();

    assertThat(queue.add(frame("refused"))).isNull();
    running.get(0).complete(null);
    assertThat(queue.add(frame("waits again"))).isNotNull();
    assertThat(started).containsExactly("handled", "waits");
  }

  @Test
  void aFailedOrThrowingFrameFailsItsResultAndTheNextOneRuns() {
    FrameQueue queue = new FrameQueue(10);
    CompletableFuture<Void> failed = queue.add(frame("fails")).subscribeAsCompletionStage();
    CompletableFuture<Void> thrown =
        queue
            .add(
                () -> {
                  throw new IllegalStateException("broken");
                })
            .subscribeAsCompletionStage();
    CompletableFuture<Void> after = queue.add(frame("after")).subscribeAsCompletionStage();

    running.get(0).completeExceptionally(new IllegalStateException("failed"));
    assertThat(failed).isCompletedExceptionally();
    assertThat(thrown).isCompletedExceptionally();
    assertThat(started).containsExactly("fails", "after");
    running.get(1).complete(null);
    assertThat(after).isCompleted();
  }

  /** A frame that records that it started and finishes when the test completes it. */
  private java.util.function.Supplier<Uni<Void>> frame(String name) {
    return () -> {
      started.add(name);
      CompletableFuture<Void> done = new CompletableFuture<>();
      running.add(done);
      return Uni.createFrom().completionStage(done);
    };
  }
}
