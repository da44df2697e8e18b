package io.switchboard.cli.kafka;

/**
 * Why a command stopped, as one line that says what to fix, and the exit code that goes with it.
 * Commands throw it before they write anything; {@code SwitchboardCommand} prints the message
 * alone, without a stack trace, because the person at the terminal can act on it.
 */
public final class CliFailure extends RuntimeException {
  /** Something the person typed is wrong: a topic, a range, a file. */
  public static final int BAD_INPUT = 2;

  /** The command was right but could not be carried out: Kafka unreachable, a refusal. */
  public static final int FAILED = 1;

  private final int exitCode;

  private CliFailure(int exitCode, String message, Throwable cause) {
    super(message, cause, false, false);
    this.exitCode = exitCode;
  }

  public static CliFailure badInput(String message) {
    return new CliFailure(BAD_INPUT, message, null);
  }

  public static CliFailure failed(String message) {
    return new CliFailure(FAILED, message, null);
  }

  public static CliFailure failed(String message, Throwable cause) {
    return new CliFailure(FAILED, message, cause);
  }

  public int exitCode() {
    return exitCode;
  }
}
