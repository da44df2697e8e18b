package io.switchboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An external program a check runs ({@code kubectl}, {@code docker-compose}). A missing one fails
 * the check with a sentence that names it and says how to install it, rather than a stack trace
 * about a process that could not start.
 */
record Tool(String executable, String howToInstall) {
  static final Tool KUBECTL =
      new Tool(
          "kubectl",
          "kubectl with kustomize v5 is needed to render k8s/overlays: install kubectl 1.27 or newer"
              + " (see docs/deploy.md#checks)");
  static final Tool DOCKER_COMPOSE =
      new Tool(
          "docker-compose",
          "docker-compose is needed to check docker-compose.yml: apt-get install docker-compose"
              + " (.ci/run installs it where missing; see docs/deploy.md#checks)");

  /** What the program printed on standard output; fails with its error output if it failed. */
  String run(Map<String, String> environment, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(Repository.ROOT.toFile());
    builder.environment().putAll(environment);
    try {
      Path errors = Files.createTempFile(executable, ".err");
      builder.redirectError(errors.toFile());
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new AssertionError(executable + " is not installed. " + howToInstall, e);
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 2 minutes");
      }
      String err = Files.readString(errors, StandardCharsets.UTF_8);
      Files.deleteIfExists(errors);
      if (process.exitValue() != 0) {
        throw new AssertionError(
            String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + err);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + executable, e);
    }
  }
}
