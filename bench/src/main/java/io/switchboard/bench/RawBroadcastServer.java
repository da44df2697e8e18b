package io.switchboard.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The least a WebSocket broadcast server does, as the yardstick for the gateway's group fan-out:
 * Vert.x's HTTP server on as many event loops as Quarkus gives the gateway (two per core), every
 * WebSocket accepted (no authentication, whatever the path) and kept, and every text message that
 * arrives on a {@code /trigger} WebSocket written to all of them. No log, no Kafka, no database.
 *
 * <p>Started by {@link GroupFanoutBenchmark} in a JVM of its own: {@code RawBroadcastServer
 * <port>}. It answers any plain HTTP request with 200 once it listens, and stops when its standard
 * input closes.
 */
public final class RawBroadcastServer extends AbstractVerticle {
  private static final Set<ServerWebSocket> SUBSCRIBERS = ConcurrentHashMap.newKeySet();

  private final int port;

  private RawBroadcastServer(int port) {
    this.port = port;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    int loops = 2 * Runtime.getRuntime().availableProcessors();
    vertx
        .deployVerticle(
            () -> new RawBroadcastServer(port), new DeploymentOptions().setInstances(loops))
        .toCompletionStage()
        .toCompletableFuture()
        .join();
    System.out.printf("raw broadcast server on port %d, %d event loops%n", port, loops);
    while (System.in.read() >= 0) {
      // Runs until the benchmark closes this process' standard input, or goes away.
    }
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Override
  public void start(Promise<Void> started) {
    vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .setMaxWebSocketFrameSize(262_144))
        .webSocketHandler(this::accept)
        .requestHandler(request -> request.response().end("ready"))
        .listen()
        .<Void>mapEmpty()
        .onComplete(started);
  }

  private void accept(ServerWebSocket socket) {
    if ("/trigger".equals(socket.path())) {
      socket.textMessageHandler(RawBroadcastServer::broadcast);
      return;
    }
    SUBSCRIBERS.add(socket);
    socket.closeHandler(v -> SUBSCRIBERS.remove(socket));
  }

  private static void broadcast(String frame) {
    for (ServerWebSocket socket : SUBSCRIBERS) {
      socket.writeTextMessage(frame);
    }
  }
}
