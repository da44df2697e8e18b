package io.switchboard.gateway.websocket;

import static io.switchboard.gateway.websocket.DeviceClients.connect;
import static io.switchboard.gateway.websocket.DeviceClients.newDevice;
import static io.switchboard.gateway.websocket.DeviceClients.personWithDevices;
import static io.switchboard.gateway.websocket.DeviceClients.serverSide;
import static io.switchboard.gateway.websocket.DeviceClients.upgrade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.OpenConnections;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.gateway.Mesh.Person;
import io.switchboard.gateway.Tokens;
import io.switchboard.gateway.routing.RoutingViewLoader;
import io.switchboard.gateway.websocket.DeviceClients.Client;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class DeviceSessionsTest {
  @Inject Vertx vertx;
  @Inject RoutingViewLoader routing;
  @Inject DeviceSessions sessions;
  @Inject OpenConnections connections;

  @TestHTTPResource("/")
  URI base;

  @Test
  void aFramePushedExceptOneConnectionReachesThePersonsOtherDevicesOnly() throws Exception {
    String phone = newDevice();
    String laptop = newDevice();
    Person person = personWithDevices(routing, phone, laptop);
    String token = Tokens.person(person.personId());
    WebSocketClient client = vertx.createWebSocketClient();
    Client fromPhone = connect(client, upgrade(base, phone, token));
    Client toLaptop = connect(client, upgrade(base, laptop, token));

    sessions.pushFrame(
        "{\"type\":\"typing\"}", List.of(person.personId()), serverSide(connections, phone));
    sessions.pushFrame("{\"type\":\"receipt\"}", List.of(person.personId(), person.personId()));

    assertThat(toLaptop.next()).isEqualTo("{\"type\":\"typing\"}");
    assertThat(toLaptop.next()).isEqualTo("{\"type\":\"receipt\"}");
    assertThat(fromPhone.next()).isEqualTo("{\"type\":\"receipt\"}");
    assertThat(fromPhone.received).isEmpty();
    assertThat(toLaptop.received).isEmpty();
    client.close();
  }

  @Test
  void framesPushedOneAfterTheOtherArriveInThatOrderOnEveryDevice() throws Exception {
    List<String> devices = List.of(newDevice(), newDevice(), newDevice());
    Person person = personWithDevices(routing, devices.toArray(String[]::new));
    String token = Tokens.person(person.personId());
    WebSocketClient client = vertx.createWebSocketClient();
    List<Client> connected = new ArrayList<>();
    for (String device : devices) {
      connected.add(connect(client, upgrade(base, device, token)));
    }
    // The server registers a connection in its open callback, which may run after the client's
    // handshake completed: wait until a push reaches every device.
    String ready = "{\"ready\":true}";
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              sessions.pushFrame(ready, List.of(person.personId()));
              return connected.stream().allMatch(device -> device.received.contains(ready));
            });

    // From this thread and from a Vert.x event loop in turn: each connection's writes run on its
    // own loop, and none may overtake another.
    for (int i = 0; i < 200; i++) {
      String frame = "{\"n\":" + i + "}";
      if (i % 2 == 0) {
        sessions.pushFrame(frame, List.of(person.personId()));
      } else {
        CompletableFuture<Void> pushed = new CompletableFuture<>();
        vertx.runOnContext(
            v -> {
              sessions.pushFrame(frame, List.of(person.personId()));
              pushed.complete(null);
            });
        pushed.get(10, TimeUnit.SECONDS);
      }
    }

    for (Client device : connected) {
      List<String> numbered = new ArrayList<>();
      while (numbered.size() < 200) {
        String frame = device.next();
        if (!frame.equals(ready)) {
          numbered.add(frame);
        }
      }
      assertThat(numbered)
          .containsExactlyElementsOf(
              IntStream.range(0, 200).mapToObj(i -> "{\"n\":" + i + "}").toList());
    }
    client.close();
  }
}
