package io.switchboard.cli.run;

import io.switchboard.cli.SwitchboardCommand;
import io.switchboard.devstack.DevstackOptions;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code up}: checks every port, then hands the mesh to a supervisor process in a session of its
 * own and follows its log. In the foreground, Ctrl-C asks the supervisor to stop (services first,
 * then Kafka and PostgreSQL) and waits for it; with {@code --detach} it returns once all are
 * healthy and the mesh runs on until {@code down}.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Starts Kafka, PostgreSQL, the five services and the platform simulator, and waits until"
          + " every one is healthy.",
      "Set KAFKA_BOOTSTRAP_SERVERS or SWITCHBOARD_DATABASE_URL (with SWITCHBOARD_DATABASE_USERNAME,"
          + " SWITCHBOARD_DATABASE_PASSWORD) to use an existing Kafka or PostgreSQL instead."
    })
public class UpCommand implements Callable<Integer> {
  private static final Duration STOP_WAIT = Duration.ofSeconds(90);

  @ParentCommand SwitchboardCommand parent;
  @Spec CommandSpec spec;
  @Mixin RunPorts ports;

  @Option(
      names = {"-d", "--detach"},
      description = "Return once everything is healthy; the mesh runs on until `down`.")
  boolean detach;

  @Option(
      names = "--timeout",
      defaultValue = "240",
      paramLabel = "SECONDS",
      description = "How long each service may take to become ready (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--supervise", hidden = true)
  boolean supervise;

  @Option(names = "--started-at", hidden = true)
  long startedAt;

  @Override
  public Integer call() {
    RunLayout layout = parent.layout();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (startedAt == 0) {
      startedAt = System.currentTimeMillis();
    }
    DevstackOptions env = DevstackOptions.fromEnvironment(layout.dataDir(), true);
    MeshPlan plan = new MeshPlan(ports, env.externalKafka(), env.externalDatabase());
    if (supervise) {
      return new MeshSupervisor(
              layout, plan, Duration.ofSeconds(timeoutSeconds), startedAt, detach, out)
          .run();
    }
    Optional<String> refusal = refusal(layout, plan);
    if (refusal.isPresent()) {
      err.println(refusal.get());
      err.flush();
      return 1;
    }
    return launch(layout, out);
  }

  /** Why `up` must not start anything, checked before anything starts. */
  static Optional<String> refusal(RunLayout layout, MeshPlan plan) {
    Optional<RunState> previous = RunState.read(layout.stateFile());
    if (previous.isPresent()) {
      List<RecordedProcess> alive =
          DownCommand.recorded(previous.get()).stream().filter(RecordedProcess::isAlive).toList();
      if (!alive.isEmpty()) {
        return Optional.of(
            "Switchboard is already running (up process "
                + previous.get().pid()
                + ", "
                + alive.size()
                + " processes); see ./switchboard status, or stop it with ./switchboard down");
      }
      try {
        Files.delete(layout.stateFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<String> conflicts = PortCheck.conflicts(plan.portClaims());
    if (conflicts.isEmpty()) {
      return Optional.empty();
    }
    String nl = System.lineSeparator();
    return Optional.of(
        "Cannot start, nothing was started:"
            + nl
            + "  "
            + String.join(nl + "  ", conflicts)
            + nl
            + "Stop what uses the port, or choose other ports (see ./switchboard up --help).");
  }

  private int launch(RunLayout layout, PrintWriter out) {
    Path log = layout.log("switchboard");
    Process supervisor;
    try {
      Files.createDirectories(log.getParent());
      supervisor =
          new ProcessBuilder(supervisorCommand(layout))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the supervisor process; log " + log, e);
    }
    LogFollower follower = new LogFollower(log, out);
    if (detach) {
      return followUntilHealthy(layout, supervisor, follower, out);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> stopAndFollow(supervisor, follower), "switchboard-up-stop"));
    while (supervisor.isAlive()) {
      follower.pump();
      pause();
    }
    follower.pump();
    return supervisor.exitValue();
  }

  private List<String> supervisorCommand(RunLayout layout) {
    List<String> command = new ArrayList<>();
    // A session of its own: Ctrl-C in this terminal reaches only this process, which then stops
    // the mesh in order, and closing the terminal does not hang up a detached mesh.
    findOnPath("setsid").ifPresent(command::add);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xms16m",
            "-Xmx96m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            SwitchboardCommand.class.getName(),
            "--home=" + layout.home(),
            "up",
            "--supervise",
            "--started-at=" + startedAt,
            "--timeout=" + timeoutSeconds));
    command.addAll(List.of(ports.toArgs()));
    if (detach) {
      command.add("--detach");
    }
    return command;
  }

  private int followUntilHealthy(
      RunLayout layout, Process supervisor, LogFollower follower, PrintWriter out) {
    while (supervisor.isAlive()) {
      follower.pump();
      Optional<RunState> state = RunState.read(layout.stateFile());
      if (state.isPresent() && RunState.RUNNING.equals(state.get().phase())) {
        follower.pump();
        out.println(
            "running in the background (pid "
                + supervisor.pid()
                + "); its log: "
                + layout.display(layout.log("switchboard")));
        out.flush();
        return 0;
      }
      pause();
    }
    follower.pump();
    return supervisor.exitValue() == 0 ? 1 : supervisor.exitValue();
  }

  private static void stopAndFollow(Process supervisor, LogFollower follower) {
    if (!supervisor.isAlive()) {
      return;
    }
    supervisor.destroy();
    Instant deadline = Instant.now().plus(STOP_WAIT);
    while (supervisor.isAlive() && Instant.now().isBefore(deadline)) {
      follower.pump();
      pause();
    }
    follower.pump();
    if (supervisor.isAlive()) {
      follower.say("still stopping after " + STOP_WAIT.toSeconds() + " s; run ./switchboard down");
    }
  }

  static Optional<String> findOnPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
