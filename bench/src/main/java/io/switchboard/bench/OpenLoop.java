package io.switchboard.bench;

import java.util.concurrent.TimeUnit;

/**
 * Fixed-rate arrivals, whatever the system under test does: message {@code i} is due at {@code
 * start + i / rate} and sent then (at once when the sender is late), and its latency counts from
 * when it was due, so a sender held back by a slow system does not hide the wait (coordinated
 * omission).
 */
final class OpenLoop {
  private OpenLoop() {}

  /** Sends one message; must not wait for the system under test's answer. */
  interface Sender {
    void send(long index, long dueNanos) throws Exception;
  }

  /**
   * What one run did.
   *
   * @param sent messages sent
   * @param seconds from the first due time to when the message after the last would be due
   * @param maxLagMillis how late the sender was at worst
   */
  record Result(long sent, double seconds, double maxLagMillis) {
    double rate() {
      return sent / seconds;
    }
  }

  /** Sends {@code rate * seconds} messages numbered from {@code firstIndex} at the fixed rate. */
  static Result run(long firstIndex, double rate, int seconds, Sender sender) throws Exception {
    long total = Math.round(rate * seconds);
    double intervalNanos = 1e9 / rate;
    long start = System.nanoTime();
    long maxLag = 0;
    for (long i = 0; i < total; i++) {
      long due = start + (long) (i * intervalNanos);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      } else {
        maxLag = Math.max(maxLag, -wait);
      }
      sender.send(firstIndex + i, due);
    }
    // The step lasts until the next message would have been due.
    double elapsed = (System.nanoTime() - start + intervalNanos) / 1e9;
    return new Result(total, elapsed, maxLag / 1e6);
  }
}
