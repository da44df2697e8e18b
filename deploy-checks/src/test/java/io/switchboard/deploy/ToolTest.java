package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A check whose program is missing says so in one sentence, with how to install it. */
class ToolTest {
  @Test
  void aMissingProgramFailsWithItsNameAndHowToInstallIt() {
    Tool missing = new Tool("switchboard-no-such-program", "install it with apt-get install x");

    assertThatThrownBy(() -> missing.run(Map.of(), "version"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "switchboard-no-such-program is not installed. install it with apt-get install x");
  }

  @Test
  void aFailingProgramFailsWithItsErrorOutput() {
    assertThatThrownBy(
            () -> Tool.KUBECTL.run(Map.of(), "kustomize", "k8s/overlays/no-such-overlay"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("kubectl kustomize k8s/overlays/no-such-overlay failed");
  }
}
