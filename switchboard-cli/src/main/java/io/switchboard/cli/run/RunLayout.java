package io.switchboard.cli.run;

import java.nio.file.Path;

/**
 * Where a local mesh keeps its files, all under {@code .switchboard/} in the repository root (which
 * git ignores): logs, data, the secrets file and the state file that {@code status} and {@code
 * down} read.
 */
public record RunLayout(Path home) {
  public RunLayout {
    home = home.toAbsolutePath().normalize();
  }

  public Path root() {
    return home.resolve(".switchboard");
  }

  public Path logsDir() {
    return root().resolve("logs");
  }

  public Path dataDir() {
    return root().resolve("data");
  }

  public Path runDir() {
    return root().resolve("run");
  }

  public Path stateFile() {
    return runDir().resolve("state.json");
  }

  public Path secretsFile() {
    return root().resolve("secrets.properties");
  }

  public Path log(String component) {
    return logsDir().resolve(component + ".log");
  }

  /** The packaged Quarkus application of a service module. */
  public Path serviceJar(String module) {
    return home.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
  }

  /** A path as shown to people: relative to the repository root when it is inside it. */
  public String display(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(home) ? home.relativize(absolute).toString() : absolute.toString();
  }
}
