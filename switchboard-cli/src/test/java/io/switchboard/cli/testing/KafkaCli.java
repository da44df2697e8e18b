package io.switchboard.cli.testing;

import io.switchboard.cli.SwitchboardCommand;
import io.switchboard.devstack.SharedDevstack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs the command line in this JVM against the test JVM's devstack: {@code --bootstrap-servers} is
 * added after the subcommand unless the test gives one.
 */
public record KafkaCli(int exitCode, String out, String err) {
  public static KafkaCli run(Path home, String... args) {
    List<String> all = new ArrayList<>(List.of("--home", home.toString()));
    all.addAll(List.of(args));
    if (!all.contains("--bootstrap-servers") && !all.contains("--help")) {
      all.add("--bootstrap-servers");
      all.add(bootstrap());
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SwitchboardCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(all.toArray(String[]::new));
    return new KafkaCli(code, out.toString(), err.toString());
  }

  public static String bootstrap() {
    return SharedDevstack.endpoints().kafkaBootstrapServers();
  }

  /** The error output is exactly one line. */
  public boolean oneLineError() {
    return !err.isBlank() && err.strip().lines().count() == 1;
  }
}
