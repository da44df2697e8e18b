package io.switchboard.cli.run;

import java.nio.file.Path;
import java.util.List;

/** State files as `up` writes them, for tests of `status` and `down`. */
final class RunStates {
  private RunStates() {}

  static RunState state(ProcessHandle up, ComponentState... components) {
    return new RunState(
        RunState.RUNNING,
        up.pid(),
        RecordedProcess.startedAt(up),
        System.currentTimeMillis() - 60_000,
        12_345L,
        null,
        ".switchboard/secrets.properties",
        ".switchboard/logs",
        ".switchboard/data",
        List.of(components));
  }

  static ComponentState component(String name, ProcessHandle process, String health) {
    return new ComponentState(
        name,
        process == null ? null : process.pid(),
        process == null ? null : RecordedProcess.startedAt(process),
        health,
        List.of(new Link("http://127.0.0.1:1/" + name, name + " endpoint")),
        ".switchboard/logs/" + name + ".log");
  }

  static void write(Path home, RunState state) {
    state.write(new RunLayout(home).stateFile());
  }
}
