package io.switchboard.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the deploy files generated from the topic catalogue ({@link GeneratedFiles}) into the
 * repository whose root is the only argument; run by {@value GeneratedFiles#COMMAND}.
 */
public final class DeployFilesGenerator {
  private DeployFilesGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: DeployFilesGenerator <repository root>");
    }
    Path repository = Path.of(args[0]).toAbsolutePath().normalize();
    for (Map.Entry<Path, String> file : GeneratedFiles.expected(repository).entrySet()) {
      Path target = repository.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
      System.out.println("wrote " + file.getKey());
    }
  }
}
