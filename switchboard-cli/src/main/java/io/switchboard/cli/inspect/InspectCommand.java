package io.switchboard.cli.inspect;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code inspect}: what the topics say about one thing of the mesh. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Shows what the topics hold about one thing.",
    subcommands = {ConversationCommand.class})
public class InspectCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing what to inspect: conversation");
  }
}
