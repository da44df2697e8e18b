package io.switchboard.cli.run;

import io.switchboard.cli.SwitchboardCommand;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code status}: the table of {@code up} again, from the state file and live health probes. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Shows every component of the local mesh, its URLs and its health right now.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:everything is healthy",
      "1:something is starting, unhealthy or down",
      "3:nothing is running"
    })
public class StatusCommand implements Callable<Integer> {
  static final int NOT_RUNNING = 3;

  @ParentCommand SwitchboardCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON for scripts instead of the table.")
  boolean json;

  @Override
  public Integer call() {
    RunLayout layout = parent.layout();
    PrintWriter out = spec.commandLine().getOut();
    Optional<RunState> recorded = RunState.read(layout.stateFile());
    if (recorded.isEmpty()) {
      printNotRunning(layout, out);
      return NOT_RUNNING;
    }
    RunState state = recorded.get();
    boolean alive = new RecordedProcess("up", state.pid(), state.pidStartedAt()).isAlive();
    Map<String, Health> health = Health.probeAll(state.components());
    boolean healthy =
        alive
            && RunState.RUNNING.equals(state.phase())
            && health.values().stream().allMatch(Health::isHealthy);
    if (json) {
      out.print(StatusReport.json(state, alive, health, layout.display(layout.stateFile())));
    } else {
      out.println(headline(state, alive));
      out.println();
      out.print(StatusReport.table(state, health));
    }
    out.flush();
    return healthy ? 0 : 1;
  }

  private static String headline(RunState state, boolean alive) {
    if (!alive) {
      return "Switchboard's up process "
          + state.pid()
          + " is gone (state left from an earlier run); clean up with ./switchboard down";
    }
    Duration uptime = Duration.between(Instant.ofEpochMilli(state.startedAt()), Instant.now());
    String line =
        "Switchboard is "
            + state.phase()
            + " (up process "
            + state.pid()
            + ", up for "
            + human(uptime);
    if (state.healthyAfterMillis() != null) {
      line += String.format(", healthy %.1f s after start", state.healthyAfterMillis() / 1000.0);
    }
    line += ")";
    return state.message() == null ? line : line + ": " + state.message();
  }

  private static String human(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds < 120 ? seconds + " s" : seconds / 60 + " min";
  }

  private void printNotRunning(RunLayout layout, PrintWriter out) {
    String secrets = layout.display(layout.secretsFile());
    boolean exists = Files.exists(layout.secretsFile());
    if (json) {
      out.println(
          "{\n  \"running\" : false,\n  \"secretsFile\" : \""
              + secrets
              + "\",\n  \"secretsFileExists\" : "
              + exists
              + "\n}");
    } else {
      out.println("Switchboard is not running. Start it with ./switchboard up");
      out.println(
          "secrets: "
              + secrets
              + (exists ? " (owner-only, never committed)" : " (created by the first up)"));
    }
    out.flush();
  }
}
