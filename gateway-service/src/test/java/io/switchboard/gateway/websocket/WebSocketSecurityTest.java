package io.switchboard.gateway.websocket;

import static io.switchboard.gateway.websocket.DeviceClients.connect;
import static io.switchboard.gateway.websocket.DeviceClients.newDevice;
import static io.switchboard.gateway.websocket.DeviceClients.personWithDevices;
import static io.switchboard.gateway.websocket.DeviceClients.rejection;
import static io.switchboard.gateway.websocket.DeviceClients.upgrade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class WebSocketSecurityTest {
  @Inject Vertx vertx;
  @Inject RoutingViewLoader routing;
  @Inject DeviceSessions sessions;
  @Inject JWTParser parser;

  @TestHTTPResource("/")
  URI base;

  private WebSocketClient client;
  private String device;
  private Person person;

  @BeforeEach
  void linkPerson() {
    client = vertx.createWebSocketClient();
    device = newDevice();
    person = personWithDevices(routing, device);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void aBrowserOriginNotAllowedIsRefusedBeforeTheUpgrade() {
    String token = Tokens.person(person.personId());

    assertThat(
            rejection(
                client, upgrade(base, device, token).addHeader("Origin", "https://evil.example")))
        .isEqualTo(403);
    assertThat(
            rejection(
                client,
                upgrade(base, device, token).addHeader("Origin", "http://localhost.evil:80")))
        .isEqualTo(403);
  }

  @Test
  void anAllowedOriginTheGatewaysOwnAndNoOriginAreUpgraded() throws Exception {
    String token = Tokens.person(person.personId());

    Client listed =
        connect(client, upgrade(base, device, token).addHeader("Origin", "http://localhost:3000"));
    Client own = connect(client, upgrade(base, device, token));
    Client none = connect(client, upgrade(base, device, token).setAllowOriginHeader(false));

    assertThat(List.of(listed, own, none)).allMatch(c -> !c.socket.isClosed());
    List.of(listed, own, none).forEach(c -> c.socket.close());
  }

  @Test
  void aBrowserPassesItsTokenAsASubprotocolAndGetsSwitchboardV1() throws Exception {
    String token = Tokens.person(person.personId());

    Client browser =
        connect(
            client,
            upgrade(base, device)
                .addHeader("Origin", "http://localhost:3000")
                .setSubProtocols(List.of(DeviceUpgradeCheck.SUBPROTOCOL, "bearer." + token)));

    assertThat(browser.socket.subProtocol()).isEqualTo("switchboard.v1");
    // The server registers the connection just after the upgrade: push until it is there.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              sessions.pushFrame("{\"type\":\"test\"}", List.of(person.personId()));
              return browser.received.poll(200, TimeUnit.MILLISECONDS) != null;
            });
    browser.socket.close();
  }

  @Test
  void aTokenSubprotocolWithoutSwitchboardV1OrABadOneIsRefused() {
    String token = Tokens.person(person.personId());

    assertThat(rejection(client, upgrade(base, device).setSubProtocols(List.of("bearer." + token))))
        .isEqualTo(400);
    assertThat(
            rejection(
                client,
                upgrade(base, device)
                    .setSubProtocols(List.of(DeviceUpgradeCheck.SUBPROTOCOL, "bearer.not.a.jwt"))))
        .isEqualTo(401);
    assertThat(
            rejection(
                client,
                upgrade(base, device).setSubProtocols(List.of(DeviceUpgradeCheck.SUBPROTOCOL))))
        .isEqualTo(401);
  }

  @Test
  void aTokenPastItsExpiryIsRefusedEvenWithinTheClockSkew() {
    assertThat(
            rejection(
                client,
                upgrade(base, device, Tokens.personExpiredSecondsAgo(person.personId(), 5))))
        .isEqualTo(401);
  }

  @Test
  void aConnectionClosesWith4001WhenItsTokenExpires() throws Exception {
    String token = Tokens.personExpiringIn(person.personId(), 2);
    JsonWebToken parsed = parser.parse(token);

    Client expiring = connect(client, upgrade(base, device, token));

    Closed closed = expiring.awaitClose();
    assertThat(closed.code()).isEqualTo(4001);
    assertThat(closed.reason()).isEqualTo("token expired");
    assertThat(closed.atMillis()).isGreaterThanOrEqualTo(parsed.getExpirationTime() * 1000);
  }
}
