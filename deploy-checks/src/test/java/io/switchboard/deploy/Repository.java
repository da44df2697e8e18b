package io.switchboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the checks read: the deploy files and the services' sources beside them. */
final class Repository {
  static final Path ROOT =
      Path.of(System.getProperty("switchboard.repo.dir", "..")).toAbsolutePath().normalize();

  private Repository() {}

  static Path path(String first, String... more) {
    return ROOT.resolve(Path.of(first, more));
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ROOT.relativize(file), e);
    }
  }
}
