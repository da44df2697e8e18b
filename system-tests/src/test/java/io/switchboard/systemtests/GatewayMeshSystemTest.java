package io.switchboard.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.testing.DevstackExtension;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute.MessageControl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole mesh around the gateway, driven only from outside: Meta's users through the platform
 * simulator's signed webhooks and Send APIs, Switchboard devices over the gateway's WebSocket, two
 * gateway replicas behind no load balancer at all (a device picks one), persons as identity-service
 * publishes them on identity.links.
 */
@ExtendWith(DevstackExtension.class)
class GatewayMeshSystemTest {
  private static final String PAGE = "100000000000001";
  private static final String INSTAGRAM_ACCOUNT = "17841400000000001";
  private static final String WHATSAPP_PHONE = "100000000000002";
  private static final Map<String, String> BUSINESS =
      Map.of("messenger", PAGE, "instagram", INSTAGRAM_ACCOUNT, "whatsapp", WHATSAPP_PHONE);
  private static final Map<String, String> APP_SECRETS = secrets();
  private static final Map<String, String> ACCESS_TOKENS = secrets();
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Endpoints devstack;
  private static MeshTokens tokens;
  private static ServiceProcess simulator;
  private static final Map<String, ServiceProcess> edges = new LinkedHashMap<>();
  private static ServiceProcess gatewayA;
  private static ServiceProcess gatewayB;

  @BeforeAll
  static void startMesh(Endpoints endpoints) {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    devstack = endpoints;
    tokens = MeshTokens.create(Path.of(System.getProperty("switchboard.build.dir", "target")));
    int simulatorPort = MeshServices.freePort();
    String simulatorUrl = "http://127.0.0.1:" + simulatorPort;
    edges.put(
        "messenger",
        MeshServices.start("messenger-adapter", endpoints, edge("messenger", simulatorUrl)));
    edges.put(
        "instagram",
        MeshServices.start("instagram-adapter", endpoints, edge("instagram", simulatorUrl)));
    edges.put(
        "whatsapp",
        MeshServices.start("whatsapp-bridge", endpoints, edge("whatsapp", simulatorUrl)));
    Map<String, String> env = MeshServices.simulator(edges, APP_SECRETS, ACCESS_TOKENS);
    simulator = MeshServices.start("platform-simulator", endpoints, env, simulatorPort);
    gatewayA = MeshServices.start("gateway-service", endpoints, gateway());
    gatewayB = MeshServices.start("gateway-service", endpoints, gateway());
  }

  private static Map<String, String> edge(String platform, String simulatorUrl) {
    return MeshServices.edge(
        devstack, platform, simulatorUrl, APP_SECRETS.get(platform), ACCESS_TOKENS.get(platform));
  }

  private static Map<String, String> gateway() {
    // A killed replica's partitions move to the other one within seconds (MeshServices.gateway).
    Map<String, String> env = MeshServices.gateway(devstack, tokens.publicKeyFile(), BUSINESS);
    env.put("SWITCHBOARD_GATEWAY_WEBSOCKET_MAX_QUEUED_FRAMES", "16");
    env.put("SWITCHBOARD_GATEWAY_WEBSOCKET_IDLE_TIMEOUT", "10m");
    return env;
  }

  @AfterAll
  static void stopMesh() {
    List<ServiceProcess> all = new ArrayList<>(edges.values());
    all.add(simulator);
    all.add(gatewayA);
    all.add(gatewayB);
    MeshServices.stopAll(all);
  }

  @Test
  void anInstagramUserAndAMessengerUserOnADeviceTalkAcrossApps() throws Exception {
    User ada = person(true, List.of(), List.of(), Platform.MESSENGER, Platform.SWITCHBOARD);
    User bob = person(true, inboxFromEveryone(), List.of(), Platform.INSTAGRAM);

    try (DeviceSocket device = connect(gatewayA, ada)) {
      String conversation = direct(ada, bob);
      JsonNode sent = device.sendText(conversation, "Hi Bob, it's Ada", WAIT);
      assertThat(sent.path("conversationId").asText()).isEqualTo(conversation);
      assertThat(text(awaitCall("instagram", bob.account(Platform.INSTAGRAM))))
          .isEqualTo("Hi Bob, it's Ada");

      // Bob answers on Instagram: a signed webhook in; Ada's Messenger and her device get it.
      drive("instagram", bob.account(Platform.INSTAGRAM), text("Hi Ada, from Instagram"));
      assertThat(text(awaitCall("messenger", ada.account(Platform.MESSENGER))))
          .isEqualTo("Hi Ada, from Instagram");
      JsonNode frame = device.await(DeviceSocket.message("Hi Ada, from Instagram"), WAIT);
      assertThat(frame.path("conversationId").asText()).isEqualTo(conversation);
      assertThat(frame.path("platform").asText()).isEqualTo("instagram");
      assertThat(frame.path("sender").path("personId").asText()).isEqualTo(bob.personId());
      assertThat(frame.path("seq").asLong()).isEqualTo(2);
    }
  }

  @Test
  void aGroupMixesAllThreeAppsAndADevice() throws Exception {
    User ada = person(true, List.of(), List.of(), Platform.SWITCHBOARD);
    User bob = person(true, List.of(), List.of(), Platform.INSTAGRAM);
    User cy = person(true, List.of(), List.of(), Platform.MESSENGER);
    User dan = person(true, List.of(), List.of(), Platform.WHATSAPP);

    try (DeviceSocket device = connect(gatewayB, ada)) {
      ObjectNode create = frame("group.create");
      create.put("nonce", UUID.randomUUID().toString());
      create.put("name", "Trip");
      create.putArray("members").add(bob.personId()).add(cy.personId()).add(dan.personId());
      device.send(create.toString());
      String group =
          device
              .await(f -> f.path("type").asText().equals("group.created"), WAIT)
              .path("conversationId")
              .asText();
      // The group exists once the fan-out stored it: its first log entry reaches the device.
      device.await(
          f ->
              f.path("type").asText().equals("message")
                  && f.path("conversationId").asText().equals(group),
          WAIT);
      device.sendText(group, "Who's in?", WAIT);
      assertThat(text(awaitCall("instagram", bob.account(Platform.INSTAGRAM))))
          .isEqualTo("[Trip] Who's in?");
      assertThat(text(awaitCall("messenger", cy.account(Platform.MESSENGER))))
          .isEqualTo("[Trip] Who's in?");
      assertThat(text(awaitCall("whatsapp", dan.account(Platform.WHATSAPP))))
          .isEqualTo("[Trip] Who's in?");

      // Cy answers on Messenger: the group hears it, on every app and on Ada's device.
      drive("messenger", cy.account(Platform.MESSENGER), text("Count me in"));
      JsonNode answer = device.await(DeviceSocket.message("Count me in"), WAIT);
      assertThat(answer.path("conversationId").asText()).isEqualTo(group);
      assertThat(text(awaitCall("instagram", bob.account(Platform.INSTAGRAM), 2)))
          .isEqualTo("[Trip] Count me in");
      assertThat(text(awaitCall("whatsapp", dan.account(Platform.WHATSAPP), 2)))
          .isEqualTo("[Trip] Count me in");
      assertThat(calls("messenger", cy.account(Platform.MESSENGER))).hasSize(1);
    }
  }

  @Test
  void consentControlsAndBlocksHoldAcrossApps() throws Exception {
    User ada = person(true, List.of(), List.of(), Platform.SWITCHBOARD);
    User off = person(false, inboxFromEveryone(), List.of(), Platform.INSTAGRAM);
    User requests =
        person(
            true,
            List.of(new MessageControl(Platform.SWITCHBOARD, "inbox", "requests")),
            List.of(),
            Platform.MESSENGER);
    User blocking = person(true, inboxFromEveryone(), List.of(ada.personId()), Platform.WHATSAPP);
    User open = person(true, inboxFromEveryone(), List.of(), Platform.INSTAGRAM);

    try (DeviceSocket device = connect(gatewayA, ada)) {
      device.sendText(direct(ada, off), "to someone with cross-app messaging off", WAIT);
      device.sendText(direct(ada, requests), "to someone who takes strangers as requests", WAIT);
      device.sendText(direct(ada, blocking), "to someone who blocked me", WAIT);
      device.sendText(direct(ada, open), "to someone open", WAIT);

      awaitCall("instagram", open.account(Platform.INSTAGRAM));
      Thread.sleep(QUIET.toMillis());
      assertThat(calls("instagram", off.account(Platform.INSTAGRAM))).isEmpty();
      assertThat(calls("messenger", requests.account(Platform.MESSENGER))).isEmpty();
      assertThat(calls("whatsapp", blocking.account(Platform.WHATSAPP))).isEmpty();
    }
  }

  @Test
  void aDeviceOfflineDuringTenMessagesCatchesUpInOrderWithoutDuplicates() throws Exception {
    User ivy = person(true, List.of(), List.of(), Platform.SWITCHBOARD);
    User jon = person(true, inboxFromEveryone(), List.of(), Platform.INSTAGRAM);
    String conversation = direct(ivy, jon);
    try (DeviceSocket device = connect(gatewayA, ivy)) {
      device.sendText(conversation, "Tell me everything", WAIT);
      device.await(DeviceSocket.message("Tell me everything"), WAIT);
      ack(device, conversation, 1);
    }
    awaitCall("instagram", jon.account(Platform.INSTAGRAM));

    List<Map<String, Object>> ten = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      ten.add(text("news " + i));
    }
    drive("instagram", jon.account(Platform.INSTAGRAM), ten.toArray(Map[]::new));
    Thread.sleep(QUIET.toMillis());

    try (DeviceSocket device = connect(gatewayB, ivy)) {
      List<JsonNode> caughtUp = syncAll(device, conversation, 1);
      assertThat(caughtUp)
          .extracting(f -> f.path("seq").asLong())
          .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
      assertThat(caughtUp)
          .extracting(f -> f.path("content").path("text").asText())
          .containsExactly(
              "news 1", "news 2", "news 3", "news 4", "news 5", "news 6", "news 7", "news 8",
              "news 9", "news 10");
    }
  }

  @Test
  void aReplicaKilledMidStreamLosesNothingForADeviceThatMovesToTheOther() throws Exception {
    User kim = person(true, List.of(), List.of(), Platform.SWITCHBOARD);
    User lee = person(true, inboxFromEveryone(), List.of(), Platform.INSTAGRAM);
    String conversation = direct(kim, lee);
    Map<Long, String> received = new LinkedHashMap<>();
    DeviceSocket onA = connect(gatewayA, kim);
    onA.sendText(conversation, "Stream me the results", WAIT);
    awaitCall("instagram", lee.account(Platform.INSTAGRAM));

    int total = 30;
    for (int batch = 0; batch < total / 5; batch++) {
      List<Map<String, Object>> five = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        five.add(text("result " + (batch * 5 + i)));
      }
      drive("instagram", lee.account(Platform.INSTAGRAM), five.toArray(Map[]::new));
      if (batch == 2) {
        onA.drain().forEach(f -> keep(received, f));
        ProcessHandle.of(gatewayA.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    assertThat(onA.awaitClose(WAIT)).isNotEqualTo(1000);
    onA.drain().forEach(f -> keep(received, f));
    onA.close();
    gatewayA = MeshServices.start("gateway-service", devstack, gateway());

    try (DeviceSocket onB = connect(gatewayB, kim)) {
      long since =
          received.keySet().stream().mapToLong(Long::longValue).filter(s -> s > 1).min().orElse(2)
              - 1;
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                syncAll(onB, conversation, since).forEach(f -> keep(received, f));
                onB.drain().forEach(f -> keep(received, f));
                return received.size() >= total + 1;
              });
    }
    List<String> texts = new ArrayList<>(received.values());
    assertThat(received.keySet()).doesNotHaveDuplicates().hasSize(total + 1);
    assertThat(texts).doesNotHaveDuplicates();
    for (int i = 1; i <= total; i++) {
      assertThat(texts).contains("result " + i);
    }
    // Per-conversation order: the results keep the order Lee wrote them in.
    List<String> results = texts.stream().filter(t -> t.startsWith("result ")).toList();
    assertThat(results).isSortedAccordingTo((a, b) -> Integer.compare(number(a), number(b)));
  }

  @Test
  void theDoorClosesOnAnExpiredTokenAnOversizedFrameAndASlowClient() throws Exception {
    User mo = person(true, List.of(), List.of(), Platform.SWITCHBOARD);
    User nia = person(true, List.of(), List.of(), Platform.SWITCHBOARD);

    try (DeviceSocket expiring =
        DeviceSocket.connect(gatewayB.baseUrl(), mo.device(), tokens.person(mo.personId(), 3))) {
      assertThat(expiring.awaitClose(Duration.ofSeconds(30))).isEqualTo(4001);
    }

    try (DeviceSocket big = connect(gatewayB, mo)) {
      big.send("{\"type\":\"sync\",\"pad\":\"" + "x".repeat(300 * 1024) + "\"}");
      assertThat(big.awaitClose(WAIT)).isEqualTo(1009);
    }

    String conversation = direct(mo, nia);
    // A device that stops reading while messages keep coming: once the kernel's buffers between
    // the gateway and it are full, the gateway's queue for it fills (16 frames here) and it is
    // closed with 1013, while the writer is unaffected. Sealed messages of 180 KB fill the buffers
    // within the rate limit; how many it takes depends on how much the kernel buffers.
    int size = 180 * 1024;
    long messages = Math.min(400, StalledSocket.kernelBufferBytes() / size + 16 + 8);
    try (StalledSocket slow =
            StalledSocket.connect(
                gatewayB.baseUrl(), nia.device(), tokens.person(nia.personId(), 3600));
        DeviceSocket writer = connect(gatewayB, mo)) {
      String last = null;
      for (int i = 0; i < messages; i++) {
        last = sendSealed(writer, conversation, size);
        if (i < messages - 1) {
          writer.drain();
        }
      }
      // The fan-out pushes to both devices in one step: once the writer's own device has the last
      // message, the gateway has tried to push it to the stalled one too.
      String lastId = last;
      writer.await(
          f ->
              f.path("type").asText().equals("message")
                  && f.path("messageId").asText().equals(lastId),
          WAIT);
      assertThat(slow.readUntilClose(WAIT)).isEqualTo(1013);
      assertThat(writer.isOpen()).isTrue();
    }
  }

  @Test
  void replayingAnInboundRangeDeliversNothingTwice() throws Exception {
    User pia = person(true, List.of(), List.of(), Platform.MESSENGER, Platform.SWITCHBOARD);
    User quinn = person(true, inboxFromEveryone(), List.of(), Platform.INSTAGRAM);
    String conversation = direct(pia, quinn);
    try (DeviceSocket device = connect(gatewayB, pia)) {
      device.sendText(conversation, "What did you see?", WAIT);
      awaitCall("instagram", quinn.account(Platform.INSTAGRAM));
      Instant from = Instant.now().minusSeconds(1);
      drive(
          "instagram", quinn.account(Platform.INSTAGRAM), text("one"), text("two"), text("three"));
      device.await(DeviceSocket.message("three"), WAIT);
      awaitCall("messenger", pia.account(Platform.MESSENGER), 3);
      device.drain();

      // A developer replays the range into the same topic with the command line, from outside.
      Process replay =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  Path.of(System.getProperty("switchboard.repo.dir", ".."))
                      .resolve("switchboard-cli/target/switchboard-cli.jar")
                      .toString(),
                  "replay",
                  "inbound.instagram",
                  "--from",
                  from.toString(),
                  "--into",
                  "inbound.instagram",
                  "--bootstrap-servers",
                  devstack.kafkaBootstrapServers())
              .redirectErrorStream(true)
              .start();
      String output = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(replay.waitFor()).as(output).isZero();

      // The gateway reads the replayed records (its metric counts them as duplicates) and
      // delivers none of them again: no frame, no Send API call, one copy each in the log.
      Thread.sleep(QUIET.toMillis() * 2);
      assertThat(device.drain()).noneMatch(f -> f.path("type").asText().equals("message"));
      assertThat(calls("messenger", pia.account(Platform.MESSENGER))).hasSize(3);
      List<JsonNode> log = syncAll(device, conversation, 0);
      assertThat(log)
          .extracting(f -> f.path("content").path("text").asText())
          .containsExactly("What did you see?", "one", "two", "three");
    }
  }

  // --- people, devices and apps ---

  private record User(String personId, Map<Platform, String> accounts) {
    String account(Platform platform) {
      return accounts.get(platform);
    }

    String device() {
      return accounts.get(Platform.SWITCHBOARD);
    }
  }

  /** A linked person with one account on each of {@code platforms}, known to the simulator. */
  private static User person(
      boolean crossApp, List<MessageControl> controls, List<String> blocked, Platform... platforms)
      throws Exception {
    String personId = UUID.randomUUID().toString();
    Map<Platform, String> accounts = new LinkedHashMap<>();
    List<AccountRef> refs = new ArrayList<>();
    for (Platform platform : platforms) {
      String id = platform == Platform.SWITCHBOARD ? "dev-" + UUID.randomUUID() : numericId();
      accounts.put(platform, id);
      refs.add(AccountRef.of(platform, id));
      if (platform != Platform.SWITCHBOARD) {
        knownToSimulator(platform, id);
      }
    }
    IdentityLinks.publishPerson(
        devstack.kafkaBootstrapServers(), personId, refs, crossApp, controls, blocked);
    return new User(personId, accounts);
  }

  private static List<MessageControl> inboxFromEveryone() {
    return List.of(new MessageControl(Platform.SWITCHBOARD, "inbox", "inbox"));
  }

  /** Connects the person's device, once both replicas' routing views know it. */
  private static DeviceSocket connect(ServiceProcess gateway, User user) {
    String token = tokens.person(user.personId(), 600);
    await()
        .atMost(WAIT)
        .ignoreExceptions()
        .until(
            () -> {
              DeviceSocket probe = DeviceSocket.connect(gateway.baseUrl(), user.device(), token);
              probe.close();
              return true;
            });
    return DeviceSocket.connect(gateway.baseUrl(), user.device(), token);
  }

  private static String direct(User a, User b) {
    return a.personId().compareTo(b.personId()) < 0
        ? "sb:dm:" + a.personId() + ":" + b.personId()
        : "sb:dm:" + b.personId() + ":" + a.personId();
  }

  /** Sends sealed content of about {@code bytes} (opaque to the mesh: random base64). */
  /** Sends a sealed message of about {@code bytes} and answers its message id once it is sent. */
  private static String sendSealed(DeviceSocket device, String conversationId, int bytes) {
    byte[] random = new byte[bytes * 3 / 4];
    ThreadLocalRandom.current().nextBytes(random);
    String nonce = UUID.randomUUID().toString();
    ObjectNode send = frame("send");
    send.put("nonce", nonce);
    send.put("conversationId", conversationId);
    ObjectNode content = send.putObject("content");
    content.put("kind", "sealed");
    content.put("algorithm", "HPKE-X25519-HKDF-SHA256-AES-128-GCM");
    content.put("senderDeviceKeyId", "dk_writer");
    ObjectNode envelope = content.putArray("envelopes").addObject();
    envelope.put("recipientDeviceKeyId", "dk_reader");
    envelope.put("encapsulatedKey", Base64.getEncoder().encodeToString(new byte[32]));
    envelope.put("ciphertext", Base64.getEncoder().encodeToString(random));
    device.send(send.toString());
    return device
        .await(
            f -> f.path("type").asText().equals("sent") && f.path("nonce").asText().equals(nonce),
            WAIT)
        .path("messageId")
        .asText();
  }

  private static void ack(DeviceSocket device, String conversationId, long seq) {
    ObjectNode ack = frame("ack");
    ack.put("conversationId", conversationId);
    ack.put("seq", seq);
    device.send(ack.toString());
    device.await(f -> f.path("type").asText().equals("acked"), WAIT);
  }

  /** Every message after {@code since}, following {@code more} until the log's end. */
  private static List<JsonNode> syncAll(DeviceSocket device, String conversationId, long since) {
    List<JsonNode> messages = new ArrayList<>();
    long from = since;
    while (true) {
      ObjectNode sync = frame("sync");
      sync.put("conversationId", conversationId);
      sync.put("since", from);
      device.send(sync.toString());
      JsonNode synced =
          device.await(
              f ->
                  f.path("type").asText().equals("synced")
                      && f.path("conversationId").asText().equals(conversationId),
              WAIT);
      for (JsonNode frame : device.drain()) {
        if (frame.path("type").asText().equals("message")
            && frame.path("conversationId").asText().equals(conversationId)
            && frame.path("seq").asLong() > from
            && frame.path("seq").asLong() <= synced.path("until").asLong()) {
          messages.add(frame);
        }
      }
      if (!synced.path("more").asBoolean()) {
        messages.sort((a, b) -> Long.compare(a.path("seq").asLong(), b.path("seq").asLong()));
        return dedupe(messages);
      }
      from = synced.path("until").asLong();
    }
  }

  private static List<JsonNode> dedupe(List<JsonNode> sorted) {
    List<JsonNode> unique = new ArrayList<>();
    long last = -1;
    for (JsonNode frame : sorted) {
      if (frame.path("seq").asLong() != last) {
        unique.add(frame);
        last = frame.path("seq").asLong();
      }
    }
    return unique;
  }

  private static void keep(Map<Long, String> received, JsonNode frame) {
    if (frame.path("type").asText().equals("message")) {
      received.putIfAbsent(frame.path("seq").asLong(), frame.path("content").path("text").asText());
    }
  }

  private static int number(String result) {
    return Integer.parseInt(result.substring("result ".length()));
  }

  private static ObjectNode frame(String type) {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("type", type);
    return frame;
  }

  // --- the simulator ---

  private static void knownToSimulator(Platform platform, String user) {
    given()
        .baseUri(simulator.baseUrl())
        .contentType("application/json")
        .body(
            Map.of(
                "platform", platform.wireName(),
                "businessId", BUSINESS.get(platform.wireName()),
                "userId", user,
                "lastInboundAt", Instant.now().toString()))
        .when()
        .post("/simulator/users")
        .then()
        .statusCode(200);
  }

  private static Map<String, Object> text(String text) {
    return Map.of("kind", "text", "text", text);
  }

  /** The simulator posts a signed webhook of {@code user} writing to the business account. */
  @SafeVarargs
  private static void drive(String platform, String user, Map<String, Object>... events) {
    given()
        .baseUri(simulator.baseUrl())
        .contentType("application/json")
        .body(
            Map.of("businessId", BUSINESS.get(platform), "userId", user, "events", List.of(events)))
        .when()
        .post("/simulator/webhooks/" + platform)
        .then()
        .statusCode(200);
  }

  private static Map<String, Object> awaitCall(String platform, String recipient) {
    return awaitCall(platform, recipient, 1);
  }

  /** The {@code n}th Send API call to {@code recipient} on {@code platform}, waiting for it. */
  private static Map<String, Object> awaitCall(String platform, String recipient, int n) {
    List<Map<String, Object>> calls = new ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              calls.clear();
              calls.addAll(calls(platform, recipient));
              return calls.size() >= n;
            });
    return calls.get(n - 1);
  }

  private static List<Map<String, Object>> calls(String platform, String recipient) {
    return given()
        .baseUri(simulator.baseUrl())
        .queryParam("platform", platform)
        .queryParam("recipient", recipient)
        .when()
        .get("/simulator/calls")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("$");
  }

  /**
   * The text a Send API call carried: Messenger/Instagram {@code message.text}, WhatsApp {@code
   * text.body}.
   */
  @SuppressWarnings("unchecked")
  private static String text(Map<String, Object> call) {
    Map<String, Object> body = (Map<String, Object>) call.get("body");
    if (body.containsKey("messaging_product")) {
      return (String) ((Map<String, Object>) body.get("text")).get("body");
    }
    return (String) ((Map<String, Object>) body.get("message")).get("text");
  }

  private static String numericId() {
    return String.valueOf(
        ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, Long.MAX_VALUE));
  }

  private static Map<String, String> secrets() {
    return Map.of(
        "messenger", UUID.randomUUID().toString(),
        "instagram", UUID.randomUUID().toString(),
        "whatsapp", UUID.randomUUID().toString());
  }
}
