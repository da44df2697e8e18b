package io.switchboard.cli;

import io.switchboard.cli.dlq.DlqCommand;
import io.switchboard.cli.inspect.InspectCommand;
import io.switchboard.cli.inspect.TailCommand;
import io.switchboard.cli.inspect.TopicsCommand;
import io.switchboard.cli.kafka.CliFailure;
import io.switchboard.cli.replay.RebuildCommand;
import io.switchboard.cli.replay.ReplayCommand;
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
    description =
        "Runs the Switchboard mesh on this machine and helps operate it: tail, replay, rebuild,"
            + " redrive and inspect its Kafka topics.",
    subcommands = {
      UpCommand.class,
      StatusCommand.class,
      DownCommand.class,
      TailCommand.class,
      ReplayCommand.class,
      RebuildCommand.class,
      DlqCommand.class,
      InspectCommand.class,
      TopicsCommand.class,
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
    throw new ParameterException(
        spec.commandLine(),
        "Missing command: up, status, down, tail, replay, rebuild, dlq, inspect or topics");
  }

  /** Where the mesh's files live for this invocation. */
  public RunLayout layout() {
    if (home != null) {
      return new RunLayout(home);
    }
    String env = System.getenv(ENV_HOME);
    return new RunLayout(Path.of(env != null && !env.isBlank() ? env : "."));
  }

  /**
   * The command line with one-line errors: a usage mistake or a {@link CliFailure} prints a single
   * line that says what to fix (no usage page, no stack trace) and exits with its code.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new SwitchboardCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(SwitchboardCommand::usageError)
        .setExecutionExceptionHandler(SwitchboardCommand::failure);
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command
        .getErr()
        .println(
            e.getMessage()
                + " (see ./switchboard "
                + command.getCommandSpec().qualifiedName(" ").replaceFirst("^switchboard ?", "")
                + (command.getCommandSpec().parent() == null ? "" : " ")
                + "--help)");
    command.getErr().flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static int failure(Exception e, CommandLine command, CommandLine.ParseResult result)
      throws Exception {
    if (!(e instanceof CliFailure failure)) {
      throw e;
    }
    String name = command.getCommandSpec().qualifiedName(" ").replaceFirst("^switchboard ", "");
    command.getErr().println(name + ": " + failure.getMessage());
    command.getErr().flush();
    return failure.exitCode();
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
