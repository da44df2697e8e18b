package io.switchboard.cli;

import io.switchboard.cli.run.DownCommand;
import io.switchboard.cli.run.RunLayout;
import io.switchboard.cli.run.StatusCommand;
import io.switchboard.cli.run.UpCommand;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code switchboard} command line; each job is a subcommand. */
@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    version = "switchboard 0.1.0-SNAPSHOT",
    description = "Runs the Switchboard mesh on this machine and helps operate it.",
    subcommands = {
      UpCommand.class,
      StatusCommand.class,
      DownCommand.class,
      CommandLine.HelpCommand.class
    })
public class SwitchboardCommand implements Runnable {
  /** Set by the {@code switchboard} script to the repository root. */
  public static final String ENV_HOME = "SWITCHBOARD_HOME";

  @Spec CommandSpec spec;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description =
          "The repository root, which holds .switchboard/ (default: $SWITCHBOARD_HOME, else the"
              + " current directory).")
  Path home;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: up, status or down");
  }

  /** Where the mesh's files live for this invocation. */
  public RunLayout layout() {
    if (home != null) {
      return new RunLayout(home);
    }
    String env = System.getenv(ENV_HOME);
    return new RunLayout(Path.of(env != null && !env.isBlank() ? env : "."));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new SwitchboardCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
