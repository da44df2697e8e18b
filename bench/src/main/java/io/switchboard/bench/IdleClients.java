package io.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One client process of {@link IdleConnectionsBenchmark}: connects the devices of a file (one
 * {@code <deviceId> <token>} per line) to the gateway from one local source address, prints {@code
 * connected <ok> failed <n> [first failure]}, holds the connections (answering the gateway's pings)
 * until its standard input closes, then prints {@code closed-by-server <n>} and exits. A process of
 * its own because every connection costs a file descriptor on each side, and one process may hold
 * only so many.
 *
 * <p>{@code IdleClients <host> <port> <local address> <devices file>}
 */
public final class IdleClients {
  private IdleClients() {}

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String localAddress = args[2];
    List<DeviceSockets.Device> devices =
        Files.readAllLines(Path.of(args[3])).stream()
            .map(line -> line.split(" ", 2))
            .map(parts -> new DeviceSockets.Device(parts[0], parts[1]))
            .toList();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (DeviceSockets sockets = new DeviceSockets(vertx, List.of(localAddress))) {
      DeviceSockets.Opened opened = sockets.connect(host, port, "/ws/v1", devices, 100);
      System.out.printf(
          "connected %d failed %d%s%n",
          opened.ok(),
          opened.failed(),
          opened.firstFailure() == null ? "" : " " + opened.firstFailure());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Holds the connections until the benchmark closes this process' standard input.
      }
      System.out.printf("closed-by-server %s%n", sockets.closedByServer());
      System.out.flush();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
