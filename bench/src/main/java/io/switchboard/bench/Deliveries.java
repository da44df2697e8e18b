package io.switchboard.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The messages of one fixed-rate step and the frames that delivered them. Each message's text
 * carries its number ({@code bench#<n>#}); the step keeps when each was due, so every frame that
 * carries one of its numbers gives a latency, measured on this JVM's clock from due to arrival.
 */
final class Deliveries {
  private static final String MARKER = "bench#";
  private static final String FILLER =
      " A benchmark message of a typical length, about as long as people write.";

  private final long first;
  private final AtomicLongArray due;
  private final Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(120), 3);
  private final AtomicLong delivered = new AtomicLong();
  private volatile long firstArrival;
  private volatile long lastArrival;

  Deliveries(long first, long count) {
    this.first = first;
    this.due = new AtomicLongArray(Math.toIntExact(count));
  }

  /** The text of message {@code index}. */
  static String text(long index) {
    return MARKER + index + "#" + FILLER;
  }

  /** The message number a frame carries, or -1. */
  static long index(String frame) {
    int at = frame.indexOf(MARKER);
    if (at < 0) {
      return -1;
    }
    int from = at + MARKER.length();
    int end = frame.indexOf('#', from);
    try {
      return end < 0 ? -1 : Long.parseLong(frame, from, end, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Message {@code index} was due at {@code nanos}; call before sending it. */
  void due(long index, long nanos) {
    due.set(Math.toIntExact(index - first), nanos);
  }

  /** Records the frame if it carries a message of this step; false when it does not. */
  boolean arrived(String frame, long now) {
    long index = index(frame);
    if (index < first || index >= first + due.length()) {
      return false;
    }
    long sent = due.get((int) (index - first));
    if (sent == 0) {
      return false;
    }
    latency.recordValue(Math.min(now - sent, latency.getHighestTrackableValue()));
    if (delivered.getAndIncrement() == 0) {
      firstArrival = now;
    }
    lastArrival = now;
    return true;
  }

  /** Waits until {@code expected} frames arrived, or for at most {@code timeout}. */
  boolean await(long expected, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (delivered.get() < expected && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    return delivered.get() >= expected;
  }

  long delivered() {
    return delivered.get();
  }

  /** Frames per second from the first arrival to the last. */
  double perSecond(double sendSeconds) {
    double seconds = Math.max((lastArrival - firstArrival) / 1e9, sendSeconds);
    return delivered.get() / seconds;
  }

  /** A percentile of the latency in milliseconds. */
  double millis(double percentile) {
    return latency.getValueAtPercentile(percentile) / 1e6;
  }

  double maxMillis() {
    return latency.getMaxValue() / 1e6;
  }

  /** p50, p99, p99.9 and max, for a report line. */
  String percentiles() {
    return String.format(
        "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
        millis(50), millis(99), millis(99.9), maxMillis());
  }
}
