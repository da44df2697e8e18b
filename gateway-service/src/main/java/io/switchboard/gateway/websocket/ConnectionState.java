package io.switchboard.gateway.websocket;

import io.quarkus.websockets.next.UserData.TypedKey;
import io.switchboard.gateway.limit.TokenBucket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@link ConnectionLimits} keeps for one open connection, in the connection's user data: its
 * rate limit, its frames waiting to be handled, the pushed frames not yet written, when the client
 * was last heard, the timer that closes it when its token expires, and why the gateway closes it
 * (the first cause wins).
 */
final class ConnectionState {
  static final TypedKey<ConnectionState> KEY = new TypedKey<>("switchboard.connection-state");

  private final TokenBucket bucket;
  private final FrameQueue frames;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicReference<CloseCause> cause = new AtomicReference<>();
  private volatile long heardAt;
  private volatile long expiryTimer = -1;

  ConnectionState(TokenBucket bucket, FrameQueue frames, long nowNanos) {
    this.bucket = bucket;
    this.frames = frames;
    this.heardAt = nowNanos;
  }

  /** A frame arrived: the client is alive; answers whether the rate limit lets it through. */
  boolean frame(long nowNanos) {
    heardAt = nowNanos;
    return bucket.take(nowNanos);
  }

  FrameQueue frames() {
    return frames;
  }

  void heard(long nowNanos) {
    heardAt = nowNanos;
  }

  boolean silentSince(long nowNanos, long timeoutNanos) {
    return nowNanos - heardAt > timeoutNanos;
  }

  /** Counts a frame about to be pushed, unless {@code max} frames already wait for the socket. */
  boolean enqueue(int max) {
    if (queued.incrementAndGet() > max) {
      queued.decrementAndGet();
      return false;
    }
    return true;
  }

  void written() {
    queued.decrementAndGet();
  }

  /** Records why the gateway closes the connection; false when a cause was already recorded. */
  boolean closing(CloseCause why) {
    return cause.compareAndSet(null, why);
  }

  CloseCause cause() {
    return cause.get();
  }

  long expiryTimer() {
    return expiryTimer;
  }

  void expiryTimer(long timerId) {
    this.expiryTimer = timerId;
  }
}
