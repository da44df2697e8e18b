package io.switchboard.gateway.websocket;

import static io.switchboard.gateway.websocket.DeviceClients.connect;
import static io.switchboard.gateway.websocket.DeviceClients.newDevice;
import static io.switchboard.gateway.websocket.DeviceClients.personWithDevices;
import static io.switchboard.gateway.websocket.DeviceClients.upgrade;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.gateway.Mesh.Person;
import io.switchboard.gateway.Tokens;
import io.switchboard.gateway.routing.RoutingViewLoader;
import io.switchboard.gateway.websocket.DeviceClients.Client;
import io.switchboard.gateway.websocket.DeviceClients.Closed;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(IdleTimeoutTest.ShortIdleTimeout.class)
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class IdleTimeoutTest {

  /** Pings every second, closes after three silent seconds. */
  public static class ShortIdleTimeout implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.websockets-next.server.auto-ping-interval", "1s",
          "switchboard.gateway.websocket.idle-timeout", "3s");
    }
  }

  @Inject Vertx vertx;
  @Inject RoutingViewLoader routing;

  @TestHTTPResource("/")
  URI base;

  @Test
  void aClientThatAnswersNoPingIsClosedWith1001WhileOneThatAnswersStays() throws Exception {
    String silentDevice = newDevice();
    String liveDevice = newDevice();
    Person person = personWithDevices(routing, silentDevice, liveDevice);
    String token = Tokens.person(person.personId());
    WebSocketClient client = vertx.createWebSocketClient();
    Client live = connect(client, upgrade(base, liveDevice, token));

    try (Socket silent = new Socket(base.getHost(), base.getPort())) {
      silent.setSoTimeout(30_000);
      upgradeRaw(silent, silentDevice, token);
      Closed closed = readUntilClose(new DataInputStream(silent.getInputStream()));

      assertThat(closed.code()).isEqualTo(1001);
      assertThat(closed.reason()).isEqualTo("idle timeout");
    }
    assertThat(live.socket.isClosed()).isFalse();
    live.socket.close();
    client.close();
  }

  /** An upgrade by hand: a client that reads but never answers a ping. */
  private void upgradeRaw(Socket socket, String device, String token) throws IOException {
    String request =
        "GET /ws/v1?deviceId="
            + device
            + " HTTP/1.1\r\nHost: "
            + base.getHost()
            + ":"
            + base.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Authorization: Bearer "
            + token
            + "\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    String head = readHead(socket.getInputStream());
    assertThat(head).startsWith("HTTP/1.1 101");
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the upgrade's answer").isNotNegative();
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** Reads server frames (pings included, unanswered) up to the close frame. */
  private static Closed readUntilClose(DataInputStream in) throws IOException {
    while (true) {
      int opcode = in.readUnsignedByte() & 0x0f;
      long length = in.readUnsignedByte() & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      if (opcode == 0x8) {
        int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        String reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        return new Closed(code, reason, System.currentTimeMillis());
      }
    }
  }
}
