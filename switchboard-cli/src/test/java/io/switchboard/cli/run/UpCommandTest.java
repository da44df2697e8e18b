package io.switchboard.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {
  @TempDir Path home;

  @Test
  void refusesBeforeStartingAnythingWhenAServicePortIsTaken() throws Exception {
    int first = consecutiveFreePorts(6);
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", first + 3));

      CliRun up =
          CliRun.run(
              home,
              "up",
              "--kafka-port=" + PortCheckTest.freePort(),
              "--kafka-controller-port=" + PortCheckTest.freePort(),
              "--postgres-port=" + PortCheckTest.freePort(),
              "--first-service-port=" + first);

      assertThat(up.exitCode()).isEqualTo(1);
      assertThat(up.err())
          .contains("port " + (first + 3) + " (identity-service) is already in use");
      assertThat(home.resolve(".switchboard")).doesNotExist();
    }
  }

  @Test
  void refusesWhileAnEarlierMeshStillRuns() throws Exception {
    RunStates.write(
        home,
        RunStates.state(
            ProcessHandle.current(), RunStates.component("kafka", null, "tcp://127.0.0.1:1")));

    CliRun up = CliRun.run(home, "up", "--first-service-port=" + consecutiveFreePorts(6));

    assertThat(up.exitCode()).isEqualTo(1);
    assertThat(up.err()).contains("already running").contains("./switchboard down");
    assertThat(Files.exists(home.resolve(".switchboard/run/state.json"))).isTrue();
  }

  private static int consecutiveFreePorts(int count) {
    for (int base = 20_000 + (int) (Math.random() * 20_000); base < 60_000; base += count) {
      int start = base;
      if (IntStream.range(start, start + count).allMatch(PortCheck::isFree)) {
        return start;
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports");
  }
}
