package io.switchboard.simulator.ratelimit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Allows at most {@code limit} calls per key within any window of the given length: the way Meta
 * words its Send API limits ("300 calls per second per Page").
 */
public final class SlidingWindowLimiter {
  private static final int SWEEP_ABOVE_KEYS = 10_000;

  private final Map<String, Deque<Long>> calls = new ConcurrentHashMap<>();
  private final int limit;
  private final long windowNanos;

  public SlidingWindowLimiter(int limit, Duration window) {
    this.limit = limit;
    this.windowNanos = window.toNanos();
  }

  /** Counts a call for {@code key} and says whether it is within the limit. */
  public boolean tryAcquire(String key) {
    long now = System.nanoTime();
    if (calls.size() > SWEEP_ABOVE_KEYS) {
      sweep(now);
    }
    Deque<Long> times = calls.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
        times.removeFirst();
      }
      if (times.size() >= limit) {
        return false;
      }
      times.addLast(now);
      return true;
    }
  }

  private void sweep(long now) {
    calls
        .entrySet()
        .removeIf(
            entry -> {
              synchronized (entry.getValue()) {
                Long last = entry.getValue().peekLast();
                return last == null || now - last >= windowNanos;
              }
            });
  }
}
