package io.switchboard.cli.kafka;

import java.io.PrintStream;

/**
 * A progress bar with rate and ETA on the terminal's error stream, redrawn at most four times a
 * second. It draws nothing unless a person watches (a console is attached), so pipes and scripts
 * get clean output.
 */
public final class Progress {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 250_000_000L;

  private final PrintStream out;
  private final long total;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  private Progress(PrintStream out, long total) {
    this.out = out;
    this.total = total;
  }

  /** A bar for {@code total} offsets, or none when no terminal is attached. */
  public static Progress forTerminal(long total) {
    return new Progress(System.console() == null ? null : System.err, total);
  }

  /** A progress that never draws. */
  public static Progress none() {
    return new Progress(null, 0);
  }

  /** {@code done} offsets of {@code total} read, {@code written} records handed on. */
  public void update(long done, long written) {
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    if (drawn && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    drawn = true;
    double seconds = Math.max((now - startNanos) / 1e9, 1e-3);
    double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
    int filled = (int) (fraction * WIDTH);
    double offsetRate = done / seconds;
    long eta = offsetRate > 0 ? (long) ((total - done) / offsetRate) : 0;
    out.printf(
        "\r[%s%s] %3.0f%% %,d records %,.0f/s ETA %d:%02d ",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        fraction * 100,
        written,
        written / seconds,
        eta / 60,
        eta % 60);
    out.flush();
  }

  /** Ends the bar's line so what follows starts on a fresh one. */
  public void finish() {
    if (out != null && drawn) {
      out.println();
      out.flush();
    }
  }
}
