package io.switchboard.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownCommandTest {
  @TempDir Path home;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void stopsTheUpProcessAndEveryRecordedComponent() throws Exception {
    Process up = start("sleep", "300");
    Process service = start("sleep", "300");
    RunStates.write(
        home,
        RunStates.state(
            up.toHandle(), RunStates.component("some-service", service.toHandle(), "tcp://x:1")));

    CliRun down = CliRun.run(home, "down", "--timeout=5", "--grace=5");

    assertThat(down.exitCode()).isZero();
    assertThat(up.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(service.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(new RunLayout(home).stateFile()).doesNotExist();
    assertThat(down.out()).contains("Switchboard is down");
  }

  @Test
  void killsAProcessThatIgnoresSigterm() throws Exception {
    Process up = start("sleep", "300");
    Process stubborn = start("sh", "-c", "trap '' TERM; exec sleep 300");
    RunStates.write(
        home,
        RunStates.state(
            up.toHandle(), RunStates.component("stubborn", stubborn.toHandle(), "tcp://x:1")));

    CliRun down = CliRun.run(home, "down", "--timeout=5", "--grace=1");

    assertThat(down.exitCode()).isZero();
    assertThat(stubborn.waitFor(5, TimeUnit.SECONDS)).isTrue();
    assertThat(down.out()).contains("stubborn (pid " + stubborn.pid() + ") ignored SIGTERM");
  }

  @Test
  void leavesAloneAProcessThatOnlyReusesARecordedPid() throws Exception {
    Process unrelated = start("sleep", "300");
    Long realStart = RecordedProcess.startedAt(unrelated.toHandle());
    RunState recorded = RunStates.state(unrelated.toHandle());
    RunStates.write(
        home,
        new RunState(
            recorded.phase(),
            recorded.pid(),
            realStart - 3_600_000,
            recorded.startedAt(),
            null,
            null,
            recorded.secretsFile(),
            recorded.logsDir(),
            recorded.dataDir(),
            List.of()));

    CliRun down = CliRun.run(home, "down", "--timeout=1", "--grace=1");

    assertThat(down.exitCode()).isZero();
    assertThat(unrelated.isAlive()).isTrue();
  }

  @Test
  void saysSoWhenNothingRuns() {
    CliRun down = CliRun.run(home, "down");

    assertThat(down.exitCode()).isZero();
    assertThat(down.out()).contains("not running");
  }

  private Process start(String... command) throws Exception {
    Process process = new ProcessBuilder(command).start();
    started.add(process);
    return process;
  }
}
