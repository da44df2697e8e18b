package io.switchboard.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.gateway.Mesh;
import io.switchboard.gateway.Mesh.Person;
import io.switchboard.gateway.routing.RoutingViewLoader;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Persons with Switchboard devices, and Vert.x WebSocket clients connecting as those devices. */
final class DeviceClients {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private DeviceClients() {}

  /** A linked person with one Instagram account and these Switchboard devices, in the view. */
  static Person personWithDevices(RoutingViewLoader routing, String... devices) {
    Person person =
        Person.of(
                Stream.concat(
                        Stream.of(Mesh.account(Platform.INSTAGRAM)),
                        Stream.of(devices).map(d -> AccountRef.of(Platform.SWITCHBOARD, d)))
                    .toArray(AccountRef[]::new))
            .publish(1);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                Stream.of(devices)
                    .allMatch(
                        d ->
                            routing
                                .view()
                                .find(AccountRef.of(Platform.SWITCHBOARD, d))
                                .isPresent()));
    return person;
  }

  static String newDevice() {
    return "phone-" + UUID.randomUUID();
  }

  /** The upgrade of a device, without credentials. */
  static WebSocketConnectOptions upgrade(URI base, String deviceId) {
    return new WebSocketConnectOptions()
        .setHost(base.getHost())
        .setPort(base.getPort())
        .setURI("/ws/v1?deviceId=" + deviceId);
  }

  static WebSocketConnectOptions upgrade(URI base, String deviceId, String token) {
    return upgrade(base, deviceId).addHeader("Authorization", "Bearer " + token);
  }

  static Client connect(WebSocketClient client, WebSocketConnectOptions options) throws Exception {
    WebSocket socket =
        client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return new Client(socket);
  }

  /** The server's side of a device's connection, once it is open there. */
  static WebSocketConnection serverSide(OpenConnections connections, String device) {
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                connections.stream()
                    .anyMatch(
                        c ->
                            c.userData().get(ConnectionState.KEY) != null
                                && device.equals(c.userData().get(DeviceUpgradeCheck.DEVICE))));
    return connections.stream()
        .filter(c -> device.equals(c.userData().get(DeviceUpgradeCheck.DEVICE)))
        .findFirst()
        .orElseThrow();
  }

  /** The HTTP status that refused the upgrade. */
  static int rejection(WebSocketClient client, WebSocketConnectOptions options) {
    Throwable failure = catchThrowable(() -> connect(client, options));
    assertThat(failure).isInstanceOf(ExecutionException.class);
    assertThat(failure.getCause()).isInstanceOf(UpgradeRejectedException.class);
    return ((UpgradeRejectedException) failure.getCause()).getStatus();
  }

  /** How the server closed a connection, and when the client saw it. */
  record Closed(int code, String reason, long atMillis) {}

  /** One client connection: the text frames it received, in order, and how it closed. */
  static final class Client {
    final WebSocket socket;
    final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();

    Client(WebSocket socket) {
      this.socket = socket;
      socket.textMessageHandler(received::add);
      // A write cut short by the server's close is expected here; how it closed is in closed.
      socket.exceptionHandler(failure -> {});
      socket.closeHandler(
          none ->
              closed.complete(
                  new Closed(
                      socket.closeStatusCode() == null ? -1 : socket.closeStatusCode(),
                      socket.closeReason(),
                      System.currentTimeMillis())));
    }

    String next() throws InterruptedException {
      String frame = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(frame).as("a frame within " + TIMEOUT).isNotNull();
      return frame;
    }

    Closed awaitClose() throws Exception {
      return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
