package io.switchboard.gateway.websocket;

import static io.switchboard.gateway.Mesh.account;
import static io.switchboard.gateway.Mesh.inboxFromEveryone;
import static io.switchboard.gateway.Mesh.instagramMessage;
import static io.switchboard.gateway.Mesh.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.AccountRef;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.Mesh;
import io.switchboard.gateway.Mesh.Person;
import io.switchboard.gateway.Tokens;
import io.switchboard.gateway.log.ConversationLog;
import io.switchboard.gateway.routing.RoutingViewLoader;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class GatewaySocketTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Vertx vertx;
  @Inject RoutingViewLoader routing;
  @Inject ConversationLog log;

  @TestHTTPResource("/")
  URI base;

  private WebSocketClient client;
  private AccountRef adaInstagram;
  private String device;
  private Person ada;

  @BeforeEach
  void linkAda() {
    client = vertx.createWebSocketClient();
    adaInstagram = account(Platform.INSTAGRAM);
    device = "phone-" + UUID.randomUUID();
    ada =
        Person.of(adaInstagram, AccountRef.of(Platform.SWITCHBOARD, device))
            .controls(inboxFromEveryone(Platform.INSTAGRAM))
            .publish(1);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                routing.view().find(AccountRef.of(Platform.SWITCHBOARD, device)).isPresent()
                    && routing.view().find(adaInstagram).isPresent());
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void aDeviceReceivesNewMessagesAcksThemAndSyncsWhatItMissed() throws Exception {
    Frames frames = connect(Tokens.person(ada.personId()), device);
    AccountRef stranger = account(Platform.INSTAGRAM);
    MeshEvent<MessageCreated> first = instagramMessage(stranger, adaInstagram, text("hello"));
    String conversationId = first.data().conversationId();

    Mesh.publish(Topics.INBOUND_INSTAGRAM, first);

    JsonNode message = frames.next();
    assertThat(message.get("type").asText()).isEqualTo("message");
    assertThat(message.get("conversationId").asText()).isEqualTo(conversationId);
    assertThat(message.get("seq").asLong()).isEqualTo(1);
    assertThat(message.get("eventId").asText()).isEqualTo(first.id());
    assertThat(message.get("platform").asText()).isEqualTo("instagram");
    assertThat(message.get("sender").get("accountId").asText()).isEqualTo(stranger.accountId());
    assertThat(message.get("content").get("text").asText()).isEqualTo("hello");
    assertThat(message.get("request").asBoolean()).isFalse();

    frames.send("{\"type\":\"ack\",\"conversationId\":\"" + conversationId + "\",\"seq\":1}");
    JsonNode acked = frames.next();
    assertThat(acked.get("type").asText()).isEqualTo("acked");
    assertThat(acked.get("seq").asLong()).isEqualTo(1);
    frames.close();

    Mesh.publish(
        Topics.INBOUND_INSTAGRAM,
        inSameConversation(first, instagramMessage(stranger, adaInstagram, text("while away"))));
    Mesh.publish(
        Topics.INBOUND_INSTAGRAM,
        inSameConversation(first, instagramMessage(stranger, adaInstagram, text("still away"))));

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                log.lastSeqFor(conversationId, ada.personId())
                    .await()
                    .atMost(TIMEOUT)
                    .orElse(0L)
                    .equals(3L));

    Frames again = connect(Tokens.person(ada.personId()), device);
    again.send("{\"type\":\"sync\",\"conversationId\":\"" + conversationId + "\",\"since\":1}");
    List<JsonNode> missed = List.of(again.next(), again.next());
    JsonNode synced = again.next();
    assertThat(synced.get("type").asText()).isEqualTo("synced");
    assertThat(missed).extracting(f -> f.get("seq").asLong()).containsExactly(2L, 3L);
    assertThat(missed)
        .as(missed.toString())
        .extracting(f -> f.path("content").path("text").asText())
        .containsExactly("while away", "still away");
    assertThat(synced.get("until").asLong()).isEqualTo(3);
    assertThat(synced.get("lastSeq").asLong()).isEqualTo(3);
    assertThat(synced.get("more").asBoolean()).isFalse();
    again.close();
  }

  @Test
  void theInboxListsEveryConversationWithItsUnreadCountAndRequestsApart() throws Exception {
    // Bea set no message controls: a stranger's first message lands in her requests.
    AccountRef beaInstagram = account(Platform.INSTAGRAM);
    String beaDevice = "phone-" + UUID.randomUUID();
    Person bea = Person.of(beaInstagram, AccountRef.of(Platform.SWITCHBOARD, beaDevice)).publish(1);
    await()
        .atMost(TIMEOUT)
        .until(
            () -> routing.view().find(AccountRef.of(Platform.SWITCHBOARD, beaDevice)).isPresent());
    AccountRef stranger = account(Platform.INSTAGRAM);
    MeshEvent<MessageCreated> toBea = instagramMessage(stranger, beaInstagram, text("hi"));
    MeshEvent<MessageCreated> toAda = instagramMessage(stranger, adaInstagram, text("one"));
    Mesh.publish(Topics.INBOUND_INSTAGRAM, toBea);
    Mesh.publish(Topics.INBOUND_INSTAGRAM, toAda);
    Mesh.publish(
        Topics.INBOUND_INSTAGRAM,
        inSameConversation(toAda, instagramMessage(stranger, adaInstagram, text("two"))));
    String adaConversation = toAda.data().conversationId();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                log.lastSeqFor(adaConversation, ada.personId()).await().atMost(TIMEOUT).orElse(0L)
                        == 2L
                    && log.lastSeqFor(toBea.data().conversationId(), bea.personId())
                        .await()
                        .atMost(TIMEOUT)
                        .isPresent());

    Frames adaFrames = connect(Tokens.person(ada.personId()), device);
    JsonNode inbox = inbox(adaFrames);
    assertThat(inbox.get("ref").asText()).isEqualTo("i1");
    assertThat(inbox.get("conversations")).hasSize(1);
    JsonNode conversation = inbox.get("conversations").get(0);
    assertThat(conversation.get("conversationId").asText()).isEqualTo(adaConversation);
    assertThat(conversation.get("kind").asText()).isEqualTo("direct");
    assertThat(conversation.get("lastSeq").asLong()).isEqualTo(2);
    assertThat(conversation.get("ackedSeq").asLong()).isZero();
    assertThat(conversation.get("unread").asLong()).isEqualTo(2);
    assertThat(conversation.get("request").asBoolean()).isFalse();
    assertThat(conversation.get("members")).extracting(JsonNode::asText).contains(ada.personId());
    assertThat(conversation.get("accounts").toString())
        .contains(stranger.accountId())
        .contains(adaInstagram.accountId())
        .contains(ada.personId());

    adaFrames.send("{\"type\":\"ack\",\"conversationId\":\"" + adaConversation + "\",\"seq\":1}");
    assertThat(adaFrames.next().get("type").asText()).isEqualTo("acked");
    JsonNode afterAck = inbox(adaFrames).get("conversations").get(0);
    assertThat(afterAck.get("ackedSeq").asLong()).isEqualTo(1);
    assertThat(afterAck.get("unread").asLong()).isEqualTo(1);
    adaFrames.close();

    Frames beaFrames = connect(Tokens.person(bea.personId()), beaDevice);
    JsonNode beas = inbox(beaFrames).get("conversations");
    assertThat(beas).hasSize(1);
    assertThat(beas.get(0).get("conversationId").asText()).isEqualTo(toBea.data().conversationId());
    assertThat(beas.get(0).get("request").asBoolean()).isTrue();
    beaFrames.send("{\"type\":\"inbox\",\"ref\":7}");
    JsonNode refused = beaFrames.next();
    assertThat(refused.get("type").asText()).isEqualTo("error");
    assertThat(refused.get("code").asText()).isEqualTo("invalid_field");
    beaFrames.close();
  }

  @Test
  void theDemoEndpointsAreAbsentUnlessTurnedOn() {
    io.restassured.RestAssured.given()
        .get("/demo/people")
        .then()
        .statusCode(404)
        .body("error", org.hamcrest.Matchers.equalTo("not_found"));
    io.restassured.RestAssured.given()
        .contentType("application/json")
        .body("{\"personId\":\"" + ada.personId() + "\"}")
        .post("/demo/token")
        .then()
        .statusCode(404);
  }

  private static JsonNode inbox(Frames frames) throws Exception {
    frames.send("{\"type\":\"inbox\",\"ref\":\"i1\"}");
    JsonNode frame = frames.next();
    assertThat(frame.get("type").asText()).as(frame.toString()).isEqualTo("inbox");
    return frame;
  }

  @Test
  void badFramesGetAnErrorAndTheConnectionStaysOpen() throws Exception {
    Frames frames = connect(Tokens.person(ada.personId()), device);

    frames.send("not json");
    assertThat(frames.next().get("code").asText()).isEqualTo("malformed_frame");
    frames.send("{\"type\":\"dance\"}");
    assertThat(frames.next().get("code").asText()).isEqualTo("unknown_type");
    frames.send("{\"type\":\"ack\",\"conversationId\":\"x\",\"seq\":\"one\"}");
    JsonNode invalid = frames.next();
    assertThat(invalid.get("type").asText()).isEqualTo("error");
    assertThat(invalid.get("code").asText()).isEqualTo("invalid_field");
    assertThat(invalid.get("message").asText()).startsWith("seq");
    frames.send("{\"type\":\"sync\",\"conversationId\":\"instagram:1:2\",\"since\":0}");
    assertThat(frames.next().get("code").asText()).isEqualTo("not_a_member");

    assertThat(frames.socket.isClosed()).isFalse();
    frames.close();
  }

  @Test
  void aMessageOverTheSizeLimitClosesTheConnectionWith1009() throws Exception {
    Frames frames = connect(Tokens.person(ada.personId()), device);
    java.util.concurrent.CompletableFuture<Short> closed =
        new java.util.concurrent.CompletableFuture<>();
    frames.socket.closeHandler(none -> closed.complete(frames.socket.closeStatusCode()));

    frames.socket.writeTextMessage("{\"type\":\"sync\",\"pad\":\"" + "x".repeat(300_000) + "\"}");

    assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo((short) 1009);
  }

  @Test
  void theUpgradeNeedsAPersonsTokenAndTheirOwnDevice() {
    assertThat(rejection(null, device)).isEqualTo(401);
    assertThat(rejection("not.a.jwt", device)).isEqualTo(401);
    assertThat(rejection(Tokens.service(), device)).isEqualTo(403);
    assertThat(rejection(Tokens.person(UUID.randomUUID().toString()), device)).isEqualTo(403);
    assertThat(rejection(Tokens.person(ada.personId()), null)).isEqualTo(400);
  }

  private static MeshEvent<MessageCreated> inSameConversation(
      MeshEvent<MessageCreated> first, MeshEvent<MessageCreated> next) {
    MessageCreated d = next.data();
    return new MeshEvent<>(
        next.id(),
        next.source(),
        next.type(),
        next.time(),
        new MessageCreated(
            first.data().conversationId(),
            d.messageId(),
            d.sender(),
            d.recipient(),
            d.content(),
            null,
            null,
            null,
            d.sentAt(),
            d.receivedAt()));
  }

  private int rejection(String token, String deviceId) {
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(() -> connect(token, deviceId));
    assertThat(failure).isInstanceOf(ExecutionException.class);
    assertThat(failure.getCause()).isInstanceOf(UpgradeRejectedException.class);
    return ((UpgradeRejectedException) failure.getCause()).getStatus();
  }

  private Frames connect(String token, String deviceId) throws Exception {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost(base.getHost())
            .setPort(base.getPort())
            .setURI(deviceId == null ? "/ws/v1" : "/ws/v1?deviceId=" + deviceId);
    if (token != null) {
      options.addHeader("Authorization", "Bearer " + token);
    }
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket socket =
        client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    socket.textMessageHandler(received::add);
    return new Frames(socket, received);
  }

  /** One client connection and the frames it received, in order. */
  private record Frames(WebSocket socket, LinkedBlockingQueue<String> received) {
    JsonNode next() throws Exception {
      String frame = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(frame).as("a frame within " + TIMEOUT).isNotNull();
      return JSON.readTree(frame);
    }

    void send(String text) throws Exception {
      socket
          .writeTextMessage(text)
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }

    void close() throws Exception {
      socket.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
