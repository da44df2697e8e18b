package io.switchboard.adapter.dedupe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** How marks gather into statements, against a store that records them. */
class PublishedMarksTest {
  private static final Duration LINGER = Duration.ofMillis(300);

  private final RecordingStore store = new RecordingStore();
  private final PublishedMarks marks = new PublishedMarks(store, LINGER);

  @Test
  void marksWithinThePauseGoInOneStatement() {
    marks.mark(claim("a1", "a2"));
    marks.mark(claim("b1"));
    marks.mark(claim("c1"));
    assertThat(store.statements).as("nothing before the pause ends").isEmpty();

    await().atMost(Duration.ofSeconds(5)).until(() -> store.statements.size() == 1);
    assertThat(store.statements.get(0)).containsExactlyInAnyOrder("a1", "a2", "b1", "c1");
    assertThat(marks.pending()).isZero();

    marks.mark(claim("d1"));
    await().atMost(Duration.ofSeconds(5)).until(() -> store.statements.size() == 2);
    assertThat(store.statements.get(1)).containsExactly("d1");
  }

  @Test
  void aFailedStatementDoesNotStopTheMarksAfterIt() {
    store.failNext = true;
    marks.mark(claim("lost"));
    await().atMost(Duration.ofSeconds(5)).until(() -> store.statements.size() == 1);

    marks.mark(claim("kept"));
    await().atMost(Duration.ofSeconds(5)).until(() -> store.statements.size() == 2);
    assertThat(store.statements.get(1)).containsExactly("kept");
  }

  private static Claim claim(String... ids) {
    return new Claim(Set.of(ids), null);
  }

  private static final class RecordingStore extends DedupeStore {
    final List<Set<String>> statements = new CopyOnWriteArrayList<>();
    volatile boolean failNext;

    RecordingStore() {
      super(null, null);
    }

    @Override
    public Uni<Void> markPublished(Claim claim) {
      statements.add(Set.copyOf(claim.eventIds()));
      if (failNext) {
        failNext = false;
        return Uni.createFrom().failure(new IllegalStateException("database unreachable"));
      }
      return Uni.createFrom().voidItem();
    }
  }
}
