package io.switchboard.cli.dlq;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dlq}: the dead-letter topics ({@code <topic>.dlq}), where consumers put the records they
 * could not handle with the reason in {@code switchboard_dlq_*} headers.
 */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = "Lists, shows and redrives dead-lettered records.",
    subcommands = {DlqListCommand.class, DlqShowCommand.class, DlqRedriveCommand.class})
public class DlqCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: list, show or redrive");
  }
}
