package io.switchboard.cli.run;

import java.util.Optional;

/**
 * A process recorded in the state file. It is only ever signalled when a live process with that pid
 * also started when recorded, so a pid the system has since reused is left alone.
 */
record RecordedProcess(String name, long pid, Long startedAt) {
  private static final long START_TOLERANCE_MS = 1_000;

  static RecordedProcess of(String name, ProcessHandle handle) {
    return new RecordedProcess(name, handle.pid(), startedAt(handle));
  }

  static Long startedAt(ProcessHandle handle) {
    return handle.info().startInstant().map(instant -> instant.toEpochMilli()).orElse(null);
  }

  /** The live process this record is about, if it still runs. */
  Optional<ProcessHandle> find() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            handle -> {
              Long actual = startedAt(handle);
              return startedAt == null
                  || actual == null
                  || Math.abs(actual - startedAt) <= START_TOLERANCE_MS;
            });
  }

  boolean isAlive() {
    return find().isPresent();
  }
}
