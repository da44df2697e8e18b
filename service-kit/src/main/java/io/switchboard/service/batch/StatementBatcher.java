package io.switchboard.service.batch;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Runs concurrent requests to a database in shared statements: at most {@code maxInFlight}
 * statements run at once, and the requests that arrive meanwhile wait and then go together in the
 * next one. Under load the database sees a few statements with many rows instead of one statement
 * (and one commit) per request; when idle a request runs at once, alone. There is no gathering
 * window: nothing waits that could run.
 *
 * <p>A statement takes requests in their order up to {@code maxWeight} (a single heavier request
 * still goes, alone). Requests with the same {@linkplain Builder#exclusiveBy exclusive key} run one
 * at a time, in the order they came: never in one statement, never in two running at once. The
 * statement answers one result per request, in the order it was given them; a failed statement
 * fails every request in it, and the next one still runs.
 *
 * @param <T> a request
 * @param <R> its result
 */
public final class StatementBatcher<T, R> {
  private record Waiting<T, R>(T request, CompletableFuture<R> result) {}

  private final Function<List<T>, Uni<List<R>>> statement;
  private final int maxInFlight;
  private final int maxWeight;
  private final ToIntFunction<T> weight;
  private final Function<T, Object> exclusiveKey;
  private final Object lock = new Object();
  private List<Waiting<T, R>> queue = new ArrayList<>();
  private final Set<Object> runningKeys = new HashSet<>();
  private int inFlight;

  private StatementBatcher(Builder<T, R> builder) {
    this.statement = builder.statement;
    this.maxInFlight = builder.maxInFlight;
    this.maxWeight = builder.maxWeight;
    this.weight = builder.weight;
    this.exclusiveKey = builder.exclusiveKey;
  }

  /**
   * A batcher whose statements run {@code statement}: given requests, it answers their results in
   * the same order (as many as it was given).
   */
  public static <T, R> Builder<T, R> of(Function<List<T>, Uni<List<R>>> statement) {
    return new Builder<>(statement);
  }

  /** The request's result, once the statement it went in answered. */
  public Uni<R> submit(T request) {
    return Uni.createFrom()
        .deferred(
            () -> {
              Waiting<T, R> waiting = new Waiting<>(request, new CompletableFuture<>());
              List<Waiting<T, R>> batch;
              synchronized (lock) {
                queue.add(waiting);
                batch = next();
              }
              run(batch);
              return Uni.createFrom().completionStage(waiting.result());
            });
  }

  /** Takes the next batch if a statement may start; call with the lock held. */
  private List<Waiting<T, R>> next() {
    if (queue.isEmpty() || inFlight >= maxInFlight) {
      return List.of();
    }
    List<Waiting<T, R>> batch = new ArrayList<>();
    List<Waiting<T, R>> rest = new ArrayList<>();
    Set<Object> held = new HashSet<>();
    int total = 0;
    for (Waiting<T, R> waiting : queue) {
      Object key = exclusiveKey.apply(waiting.request());
      int w = weight.applyAsInt(waiting.request());
      boolean free = key == null || (!runningKeys.contains(key) && !held.contains(key));
      if (free && (batch.isEmpty() || total + w <= maxWeight)) {
        batch.add(waiting);
        total += w;
        if (key != null) {
          runningKeys.add(key);
        }
      } else {
        rest.add(waiting);
        if (key != null) {
          held.add(key);
        }
      }
    }
    queue = rest;
    if (batch.isEmpty()) {
      return batch;
    }
    inFlight++;
    return batch;
  }

  private void run(List<Waiting<T, R>> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<T> requests = new ArrayList<>(batch.size());
    batch.forEach(waiting -> requests.add(waiting.request()));
    // Deferred, so that even a statement that fails before it starts ends as a failure below and
    // frees its slot; a slot never freed would stop every later request.
    Uni.createFrom()
        .deferred(() -> statement.apply(List.copyOf(requests)))
        .subscribe()
        .with(
            results -> {
              finished(batch);
              if (results.size() != batch.size()) {
                IllegalStateException wrong =
                    new IllegalStateException(
                        "a statement of " + batch.size() + " answered " + results.size());
                batch.forEach(waiting -> waiting.result().completeExceptionally(wrong));
                return;
              }
              for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
              }
            },
            failure -> {
              finished(batch);
              batch.forEach(waiting -> waiting.result().completeExceptionally(failure));
            });
  }

  private void finished(List<Waiting<T, R>> done) {
    List<List<Waiting<T, R>>> batches = new ArrayList<>();
    synchronized (lock) {
      inFlight--;
      done.forEach(waiting -> runningKeys.remove(exclusiveKey.apply(waiting.request())));
      // Requests left behind by weight or by a key that is free now may fill every free slot.
      for (List<Waiting<T, R>> batch = next(); !batch.isEmpty(); batch = next()) {
        batches.add(batch);
      }
    }
    batches.forEach(this::run);
  }

  /** How a {@link StatementBatcher} shares its statements. */
  public static final class Builder<T, R> {
    private final Function<List<T>, Uni<List<R>>> statement;
    private int maxInFlight = 2;
    private int maxWeight = 1_000;
    private ToIntFunction<T> weight = request -> 1;
    private Function<T, Object> exclusiveKey = request -> null;

    private Builder(Function<List<T>, Uni<List<R>>> statement) {
      this.statement = statement;
    }

    /** Statements running at once at most (default 2). */
    public Builder<T, R> maxInFlight(int statements) {
      if (statements < 1) {
        throw new IllegalArgumentException("maxInFlight must be at least 1");
      }
      this.maxInFlight = statements;
      return this;
    }

    /**
     * The weight a statement takes at most (default 1,000), each request weighing {@code weight}
     * (default 1).
     */
    public Builder<T, R> maxWeight(int maxWeight, ToIntFunction<T> weight) {
      if (maxWeight < 1) {
        throw new IllegalArgumentException("maxWeight must be at least 1");
      }
      this.maxWeight = maxWeight;
      this.weight = weight;
      return this;
    }

    /**
     * Requests with equal keys (non-null) never share a statement and keep their order; by default,
     * none is exclusive.
     */
    public Builder<T, R> exclusiveBy(Function<T, Object> key) {
      this.exclusiveKey = key;
      return this;
    }

    public StatementBatcher<T, R> build() {
      return new StatementBatcher<>(this);
    }
  }
}
