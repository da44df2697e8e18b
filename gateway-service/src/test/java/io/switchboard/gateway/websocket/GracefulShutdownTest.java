package io.switchboard.gateway.websocket;

import static io.switchboard.gateway.websocket.DeviceClients.connect;
import static io.switchboard.gateway.websocket.DeviceClients.newDevice;
import static io.switchboard.gateway.websocket.DeviceClients.personWithDevices;
import static io.switchboard.gateway.websocket.DeviceClients.rejection;
import static io.switchboard.gateway.websocket.DeviceClients.serverSide;
import static io.switchboard.gateway.websocket.DeviceClients.upgrade;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.websockets.next.OpenConnections;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.gateway.Mesh.Person;
import io.switchboard.gateway.Tokens;
import io.switchboard.gateway.routing.RoutingViewLoader;
import io.switchboard.gateway.websocket.DeviceClients.Client;
import io.switchboard.gateway.websocket.DeviceClients.Closed;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Its own application (a profile of its own): once stopped, the replica refuses upgrades. */
@QuarkusTest
@TestProfile(GracefulShutdownTest.Stopping.class)
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class GracefulShutdownTest {

  public static class Stopping implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.gateway.websocket.shutdown-timeout", "10s");
    }
  }

  @Inject Vertx vertx;
  @Inject RoutingViewLoader routing;
  @Inject GracefulShutdown shutdown;
  @Inject OpenConnections connections;

  @TestHTTPResource("/")
  URI base;

  @Test
  void stoppingClosesEveryConnectionWith1001AndRefusesNewOnes() throws Exception {
    String phone = newDevice();
    String laptop = newDevice();
    Person person = personWithDevices(routing, phone, laptop);
    String token = Tokens.person(person.personId());
    WebSocketClient client = vertx.createWebSocketClient();
    Client first = connect(client, upgrade(base, phone, token));
    Client second = connect(client, upgrade(base, laptop, token));
    serverSide(connections, phone);
    serverSide(connections, laptop);

    shutdown.stop(null);

    for (Client connection : new Client[] {first, second}) {
      Closed closed = connection.awaitClose();
      assertThat(closed.code()).isEqualTo(1001);
      assertThat(closed.reason()).isEqualTo("server shutting down");
    }
    assertThat(rejection(client, upgrade(base, phone, token))).isEqualTo(503);
    client.close();
  }
}
