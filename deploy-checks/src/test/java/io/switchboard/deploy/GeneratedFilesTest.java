package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed deploy files that follow from the topic catalogue are what it generates now. */
class GeneratedFilesTest {
  @Test
  void committedFilesAreWhatTheCatalogueGenerates() {
    for (Map.Entry<Path, String> file : GeneratedFiles.expected(Repository.ROOT).entrySet()) {
      assertThat(Repository.read(Repository.ROOT.resolve(file.getKey())))
          .as(
              "%s is not what the topic catalogue generates; regenerate it from the repository root"
                  + " with: %s",
              file.getKey(), GeneratedFiles.COMMAND)
          .isEqualTo(file.getValue());
    }
  }
}
