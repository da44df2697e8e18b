package io.switchboard.cli.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Stops recorded processes: SIGTERM first, SIGKILL for whatever is still there after a grace. */
final class ProcessReaper {
  private ProcessReaper() {}

  /**
   * Stops every process in {@code targets} that still runs.
   *
   * @return the processes that were still alive after SIGKILL (normally none)
   */
  static List<RecordedProcess> stop(
      List<RecordedProcess> targets, Duration grace, Consumer<String> report) {
    List<RecordedProcess> alive =
        new ArrayList<>(targets.stream().filter(p -> p.isAlive()).toList());
    if (alive.isEmpty()) {
      return List.of();
    }
    for (RecordedProcess process : alive) {
      report.accept("stopping " + process.name() + " (pid " + process.pid() + ")");
      process.find().ifPresent(ProcessHandle::destroy);
    }
    awaitGone(alive, grace);
    for (RecordedProcess process : alive) {
      process
          .find()
          .ifPresent(
              handle -> {
                report.accept(
                    process.name()
                        + " (pid "
                        + process.pid()
                        + ") ignored SIGTERM for "
                        + grace.toSeconds()
                        + " s; sending SIGKILL");
                handle.destroyForcibly();
              });
    }
    awaitGone(alive, Duration.ofSeconds(5));
    return alive.stream().filter(p -> p.isAlive()).toList();
  }

  static boolean awaitGone(List<RecordedProcess> processes, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (processes.stream().anyMatch(p -> p.isAlive())) {
      if (Instant.now().isAfter(deadline)) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
