package io.switchboard.cli.run;

import io.switchboard.cli.SwitchboardCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code down}: asks the {@code up} process to stop (it stops the services, then Kafka and
 * PostgreSQL), then makes sure no recorded process is left, with SIGKILL if it must.
 */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = "Stops the local mesh started by `up` and leaves no process behind.")
public class DownCommand implements Callable<Integer> {
  @ParentCommand SwitchboardCommand parent;
  @Spec CommandSpec spec;

  @Option(
      names = "--timeout",
      defaultValue = "90",
      paramLabel = "SECONDS",
      description =
          "How long the up process may take to stop everything (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(
      names = "--grace",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description =
          "How long a leftover process may take after SIGTERM before SIGKILL (default:"
              + " ${DEFAULT-VALUE}).")
  long graceSeconds;

  @Override
  public Integer call() throws IOException {
    RunLayout layout = parent.layout();
    PrintWriter out = spec.commandLine().getOut();
    Optional<RunState> recorded = RunState.read(layout.stateFile());
    if (recorded.isEmpty()) {
      out.println("Switchboard is not running (no " + layout.display(layout.stateFile()) + ")");
      out.flush();
      return 0;
    }
    long began = System.currentTimeMillis();
    RunState state = recorded.get();
    RecordedProcess up = new RecordedProcess("up process", state.pid(), state.pidStartedAt());
    Optional<ProcessHandle> upHandle = up.find();
    if (upHandle.isPresent()) {
      say(out, "stopping Switchboard (up process " + state.pid() + ")");
      upHandle.get().destroy();
      if (!ProcessReaper.awaitGone(List.of(up), Duration.ofSeconds(timeoutSeconds))) {
        say(out, "the up process did not stop within " + timeoutSeconds + " s");
      }
    }
    List<RecordedProcess> left =
        ProcessReaper.stop(
            recorded(state), Duration.ofSeconds(graceSeconds), line -> say(out, line));
    if (!left.isEmpty()) {
      say(out, "still running after SIGKILL: " + left);
      return 1;
    }
    Files.deleteIfExists(layout.stateFile());
    say(
        out,
        String.format(
            "Switchboard is down (%.1f s)", (System.currentTimeMillis() - began) / 1000.0));
    return 0;
  }

  /** Every process the state file names: the up process first, then the components. */
  static List<RecordedProcess> recorded(RunState state) {
    List<RecordedProcess> processes = new ArrayList<>();
    processes.add(new RecordedProcess("up process", state.pid(), state.pidStartedAt()));
    for (ComponentState component : state.components()) {
      if (component.pid() != null
          && processes.stream().noneMatch(p -> p.pid() == component.pid())) {
        processes.add(
            new RecordedProcess(component.name(), component.pid(), component.pidStartedAt()));
      }
    }
    return processes;
  }

  private static void say(PrintWriter out, String line) {
    out.println(line);
    out.flush();
  }
}
