package io.switchboard.gateway.websocket;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A connection's frames, handled one after the other in the order they arrived, with a bound on how
 * many wait. Frames are taken in as they arrive (rate limit, this bound) rather than when their
 * turn comes: a frame whose answer cannot be written (a client that does not read) holds up the
 * ones behind it, and without the bound they would pile up in memory unchecked. A frame that waited
 * is handled on the Vert.x context it arrived on (the connection's event loop), like the others.
 */
final class FrameQueue {
  private final int maxWaiting;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private boolean busy;

  FrameQueue(int maxWaiting) {
    this.maxWaiting = maxWaiting;
  }

  /**
   * Handles the frame when the ones before it are done; the result completes with its handling.
   * Null when {@code maxWaiting} frames already wait: the frame is refused.
   */
  Uni<Void> add(Supplier<Uni<Void>> frame) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (this) {
      if (busy) {
        if (waiting.size() >= maxWaiting) {
          return null;
        }
        Context arrivedOn = Vertx.currentContext();
        waiting.add(
            arrivedOn == null
                ? () -> handle(frame, done)
                : () -> arrivedOn.runOnContext(ignored -> handle(frame, done)));
        return Uni.createFrom().completionStage(done);
      }
      busy = true;
    }
    handle(frame, done);
    return Uni.createFrom().completionStage(done);
  }

  synchronized int waiting() {
    return waiting.size();
  }

  private void handle(Supplier<Uni<Void>> frame, CompletableFuture<Void> done) {
    Uni<Void> handling;
    try {
      handling = frame.get();
    } catch (RuntimeException e) {
      handling = Uni.createFrom().failure(e);
    }
    handling
        .subscribe()
        .with(
            ok -> {
              next();
              done.complete(null);
            },
            failure -> {
              next();
              done.completeExceptionally(failure);
            });
  }

  private void next() {
    Runnable turn;
    synchronized (this) {
      turn = waiting.poll();
      if (turn == null) {
        busy = false;
        return;
      }
    }
    turn.run();
  }
}
