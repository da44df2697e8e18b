package io.switchboard.cli.kafka;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) for a long command: the JVM's shutdown hook asks the command to stop, wakes
 * it, and waits until the command has flushed what it wrote and said how far it got.
 */
public final class StopSignal implements AutoCloseable {
  private static final long GRACE_SECONDS = 30;

  private volatile boolean stopped;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  private StopSignal(Runnable wake) {
    this.hook =
        new Thread(
            () -> {
              stopped = true;
              wake.run();
              try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "switchboard-stop");
  }

  /** Listens for Ctrl-C; {@code wake} interrupts whatever the command blocks on. */
  public static StopSignal onInterrupt(Runnable wake) {
    StopSignal signal = new StopSignal(wake);
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  public boolean stopped() {
    return stopped;
  }

  /** The command is done: let the JVM end, or stop listening when it ended on its own. */
  @Override
  public void close() {
    finished.countDown();
    if (!stopped) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook already runs; counting down above lets it return.
      }
    }
  }
}
