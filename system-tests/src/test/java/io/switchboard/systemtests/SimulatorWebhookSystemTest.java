package io.switchboard.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.testing.DevstackExtension;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.AccountRef;
import io.switchboard.events.ConversationIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.ConversationEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The platform simulator plays Meta: its webhook driver builds realistic batches, signs them with
 * the app secret and posts them to the running messenger-adapter and instagram-adapter, which must
 * put one normalized event per webhook event on {@code inbound.messenger} and {@code
 * inbound.instagram}, and nothing more when the same batch comes again.
 */
@ExtendWith(DevstackExtension.class)
class SimulatorWebhookSystemTest {
  private static final String PAGE = "100000000000001";
  private static final String INSTAGRAM_ACCOUNT = "17841400000000001";
  private static final Map<String, String> APP_SECRETS =
      Map.of("messenger", UUID.randomUUID().toString(), "instagram", UUID.randomUUID().toString());
  private static final Map<String, String> ACCESS_TOKENS =
      Map.of("messenger", UUID.randomUUID().toString(), "instagram", UUID.randomUUID().toString());
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Endpoints devstack;
  private static ServiceProcess messenger;
  private static ServiceProcess instagram;
  private static ServiceProcess simulator;

  @BeforeAll
  static void startMesh(Endpoints endpoints) {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    devstack = endpoints;
    // The adapters call the simulator's Send APIs and it posts webhooks to them: its port first.
    int simulatorPort = MeshServices.freePort();
    String simulatorUrl = "http://127.0.0.1:" + simulatorPort;
    messenger =
        MeshServices.start(
            "messenger-adapter", endpoints, adapterEnvironment("messenger", simulatorUrl));
    instagram =
        MeshServices.start(
            "instagram-adapter", endpoints, adapterEnvironment("instagram", simulatorUrl));
    Map<String, String> env = new HashMap<>();
    for (String platform : List.of("messenger", "instagram")) {
      String suffix = platform.toUpperCase(Locale.ROOT);
      env.put("SWITCHBOARD_SIMULATOR_APP_SECRETS_" + suffix, APP_SECRETS.get(platform));
      env.put("SWITCHBOARD_SIMULATOR_ACCESS_TOKENS_" + suffix, ACCESS_TOKENS.get(platform));
      env.put("SWITCHBOARD_SIMULATOR_TARGETS_" + suffix, webhookUrl(platform));
    }
    simulator = MeshServices.start("platform-simulator", endpoints, env, simulatorPort);
  }

  private static Map<String, String> adapterEnvironment(String platform, String simulatorUrl) {
    Map<String, String> env = new HashMap<>(MeshServices.database(devstack));
    env.put("SWITCHBOARD_WEBHOOK_APP_SECRET", APP_SECRETS.get(platform));
    env.put("SWITCHBOARD_WEBHOOK_VERIFY_TOKEN", UUID.randomUUID().toString());
    env.put("SWITCHBOARD_SEND_API_BASE_URL", simulatorUrl + "/" + platform);
    env.put("SWITCHBOARD_SEND_API_ACCESS_TOKEN", ACCESS_TOKENS.get(platform));
    return env;
  }

  @AfterAll
  static void stopMesh() {
    for (ServiceProcess service : new ServiceProcess[] {simulator, instagram, messenger}) {
      if (service != null) {
        service.close();
      }
    }
  }

  @Test
  void aMessengerBatchBecomesOneNormalizedEventPerWebhookEventOnInboundMessenger() {
    String user = numericId();
    String pageMid = "m_" + UUID.randomUUID();
    long watermark = Instant.now().minusSeconds(5).toEpochMilli();
    String conversation = ConversationIds.direct(Platform.MESSENGER, PAGE, user);
    AccountRef person = AccountRef.of(Platform.MESSENGER, user);

    try (TopicProbe inbound = probe(Topics.INBOUND_MESSENGER)) {
      ExtractableResponse<Response> answer =
          drive(
              "messenger",
              batch(
                  PAGE,
                  user,
                  Map.of("kind", "text", "text", "Lunch at noon?"),
                  Map.of("kind", "image", "url", "https://cdn.example/menu.jpg"),
                  Map.of("kind", "reaction", "mid", pageMid, "emoji", "\u2764\ufe0f"),
                  Map.of("kind", "read", "watermark", watermark),
                  Map.of("kind", "delivery", "mids", List.of(pageMid), "watermark", watermark)));
      assertThat(answer.jsonPath().getList("status", Integer.class)).containsExactly(200);
      List<String> mids = answer.jsonPath().getList("mids");
      assertThat(mids).hasSize(2);

      List<MeshEvent<EventData>> events =
          events(
              inbound,
              conversation,
              EventType.MESSAGE_CREATED,
              EventType.MESSAGE_CREATED,
              EventType.REACTION_ADDED,
              EventType.RECEIPT,
              EventType.RECEIPT);

      MessageCreated text = (MessageCreated) events.get(0).data();
      assertThat(text.messageId()).isEqualTo(mids.get(0));
      assertThat(text.sender()).isEqualTo(person);
      assertThat(text.recipient()).isEqualTo(AccountRef.of(Platform.MESSENGER, PAGE));
      assertThat(((PlainContent) text.content()).text()).isEqualTo("Lunch at noon?");

      MessageCreated image = (MessageCreated) events.get(1).data();
      assertThat(image.messageId()).isEqualTo(mids.get(1));
      assertThat(image.sender()).isEqualTo(person);
      assertThat(((PlainContent) image.content()).attachments())
          .extracting(MediaRef::kind, MediaRef::url)
          .containsExactly(tuple("image", "https://cdn.example/menu.jpg"));

      ReactionAdded reaction = (ReactionAdded) events.get(2).data();
      assertThat(reaction.messageId()).isEqualTo(pageMid);
      assertThat(reaction.sender()).isEqualTo(person);
      assertThat(reaction.reaction()).isEqualTo("\u2764\ufe0f");

      Receipt read = (Receipt) events.get(3).data();
      assertThat(read.status()).isEqualTo(ReceiptStatus.READ);
      assertThat(read.account()).isEqualTo(person);
      assertThat(read.watermark()).isEqualTo(Instant.ofEpochMilli(watermark));

      Receipt delivered = (Receipt) events.get(4).data();
      assertThat(delivered.status()).isEqualTo(ReceiptStatus.DELIVERED);
      assertThat(delivered.account()).isEqualTo(person);
      assertThat(delivered.messageIds()).containsExactly(pageMid);

      // Later the person edits their message and takes the reaction back.
      drive(
          "messenger",
          batch(
              PAGE,
              user,
              Map.of("kind", "edit", "mid", mids.get(0), "text", "Lunch at one?"),
              Map.of("kind", "reaction", "mid", pageMid, "action", "unreact")));
      List<MeshEvent<EventData>> later =
          events(inbound, conversation, EventType.MESSAGE_EDITED, EventType.REACTION_REMOVED);

      MessageEdited edit = (MessageEdited) later.get(0).data();
      assertThat(edit.messageId()).isEqualTo(mids.get(0));
      assertThat(edit.sender()).isEqualTo(person);
      assertThat(((PlainContent) edit.content()).text()).isEqualTo("Lunch at one?");
      ReactionRemoved unreact = (ReactionRemoved) later.get(1).data();
      assertThat(unreact.messageId()).isEqualTo(pageMid);
      assertThat(unreact.sender()).isEqualTo(person);
    }
  }

  @Test
  void anInstagramBatchBecomesOneNormalizedEventPerWebhookEventOnInboundInstagram() {
    String user = numericId();
    String accountMid = instagramMid();
    String conversation = ConversationIds.direct(Platform.INSTAGRAM, INSTAGRAM_ACCOUNT, user);
    AccountRef person = AccountRef.of(Platform.INSTAGRAM, user);

    try (TopicProbe inbound = probe(Topics.INBOUND_INSTAGRAM)) {
      ExtractableResponse<Response> answer =
          drive(
              "instagram",
              batch(
                  INSTAGRAM_ACCOUNT,
                  user,
                  Map.of("kind", "text", "text", "Is the shop open on Sunday?"),
                  Map.of("kind", "video", "url", "https://cdn.example/clip.mp4"),
                  Map.of("kind", "reaction", "mid", accountMid, "emoji", "\ud83d\udc4d"),
                  Map.of("kind", "read", "mid", accountMid)));
      assertThat(answer.jsonPath().getList("status", Integer.class)).containsExactly(200);
      List<String> mids = answer.jsonPath().getList("mids");
      assertThat(mids).hasSize(2);

      List<MeshEvent<EventData>> events =
          events(
              inbound,
              conversation,
              EventType.MESSAGE_CREATED,
              EventType.MESSAGE_CREATED,
              EventType.REACTION_ADDED,
              EventType.RECEIPT);

      MessageCreated text = (MessageCreated) events.get(0).data();
      assertThat(text.messageId()).isEqualTo(mids.get(0));
      assertThat(text.sender()).isEqualTo(person);
      assertThat(text.recipient()).isEqualTo(AccountRef.of(Platform.INSTAGRAM, INSTAGRAM_ACCOUNT));
      assertThat(((PlainContent) text.content()).text()).isEqualTo("Is the shop open on Sunday?");

      MessageCreated video = (MessageCreated) events.get(1).data();
      assertThat(video.messageId()).isEqualTo(mids.get(1));
      assertThat(((PlainContent) video.content()).attachments())
          .extracting(MediaRef::kind, MediaRef::url)
          .containsExactly(tuple("video", "https://cdn.example/clip.mp4"));

      ReactionAdded reaction = (ReactionAdded) events.get(2).data();
      assertThat(reaction.messageId()).isEqualTo(accountMid);
      assertThat(reaction.sender()).isEqualTo(person);
      assertThat(reaction.reaction()).isEqualTo("\ud83d\udc4d");

      Receipt read = (Receipt) events.get(3).data();
      assertThat(read.status()).isEqualTo(ReceiptStatus.READ);
      assertThat(read.account()).isEqualTo(person);
      assertThat(read.messageIds()).containsExactly(accountMid);

      drive(
          "instagram",
          batch(
              INSTAGRAM_ACCOUNT,
              user,
              Map.of("kind", "edit", "mid", mids.get(0), "text", "Is the shop open on Monday?")));
      MessageEdited edit =
          (MessageEdited) events(inbound, conversation, EventType.MESSAGE_EDITED).get(0).data();
      assertThat(edit.messageId()).isEqualTo(mids.get(0));
      assertThat(((PlainContent) edit.content()).text()).isEqualTo("Is the shop open on Monday?");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"messenger", "instagram"})
  void theSameBatchPostedAgainAddsNoEvents(String platform) throws IOException {
    String business = businessOf(platform);
    String user = numericId();
    String mid = platform.equals("messenger") ? "m_" + UUID.randomUUID() : instagramMid();
    Map<String, Object> read =
        platform.equals("messenger")
            ? Map.of("kind", "read", "watermark", Instant.now().toEpochMilli())
            : Map.of("kind", "read", "mid", mid);
    Map<String, Object> description =
        new HashMap<>(
            batch(
                business,
                user,
                Map.of("kind", "text", "text", "Are we still on?"),
                Map.of("kind", "reaction", "mid", mid, "emoji", "\ud83d\ude06"),
                read));
    // Meta retries a batch it thinks was not taken: the same bytes, here three times.
    description.put("repeat", 3);

    try (TopicProbe inbound = probe(topicOf(platform))) {
      ExtractableResponse<Response> answer = drive(platform, description);
      assertThat(answer.jsonPath().getList("status", Integer.class)).containsExactly(200, 200, 200);

      events(
          inbound,
          ConversationIds.direct(
              Platform.valueOf(platform.toUpperCase(Locale.ROOT)), business, user),
          EventType.MESSAGE_CREATED,
          EventType.REACTION_ADDED,
          EventType.RECEIPT);
      assertThat(inbound.drain(QUIET)).as("the repeated posts added nothing").isEmpty();

      // Hours later Meta delivers the batch once more.
      byte[] body = JSON.writeValueAsBytes(JSON.readTree(answer.asString()).get("body"));
      given()
          .baseUri(webhookUrl(platform))
          .contentType("application/json")
          .header("X-Hub-Signature-256", sign(body, APP_SECRETS.get(platform)))
          .body(body)
          .when()
          .post()
          .then()
          .statusCode(200)
          .body("accepted", equalTo(0))
          .body("duplicates", equalTo(3));
      assertThat(inbound.drain(QUIET)).as("the redelivery added nothing").isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"messenger", "instagram"})
  void aBatchWithAForgedSignatureIsRefusedAndAddsNothing(String platform) {
    Map<String, Object> description =
        new HashMap<>(
            batch(
                businessOf(platform),
                numericId(),
                Map.of("kind", "text", "text", "Send me your password")));
    description.put("forgeSignature", true);

    try (TopicProbe inbound = probe(topicOf(platform))) {
      assertThat(drive(platform, description).jsonPath().getList("status", Integer.class))
          .containsExactly(401);
      assertThat(inbound.drain(QUIET)).isEmpty();
    }
  }

  /**
   * Waits for the events of {@code conversation} to arrive, and checks they are exactly of {@code
   * types}, in order, as CloudEvents keyed by the conversation.
   */
  private static List<MeshEvent<EventData>> events(
      TopicProbe probe, String conversation, EventType... types) {
    List<ConsumerRecord<String, byte[]>> records = probe.await(types.length, WAIT);
    assertThat(records).extracting(ConsumerRecord::key).containsOnly(conversation);
    assertThat(records)
        .extracting(r -> MeshEventRecords.header(r.headers(), CloudEventHeaders.TYPE))
        .containsExactly(Arrays.stream(types).map(EventType::ceType).toArray(String[]::new));
    List<MeshEvent<EventData>> events = records.stream().map(MeshEventRecords::fromRecord).toList();
    assertThat(events).extracting(MeshEvent::type).containsExactly(types);
    assertThat(events)
        .extracting(e -> ((ConversationEvent) e.data()).conversationId())
        .containsOnly(conversation);
    return events;
  }

  @SafeVarargs
  private static Map<String, Object> batch(
      String business, String user, Map<String, Object>... events) {
    return Map.of("businessId", business, "userId", user, "events", List.of(events));
  }

  private static ExtractableResponse<Response> drive(
      String platform, Map<String, Object> description) {
    return given()
        .baseUri(simulator.baseUrl())
        .contentType("application/json")
        .body(description)
        .when()
        .post("/simulator/webhooks/" + platform)
        .then()
        .statusCode(200)
        .extract();
  }

  private static String webhookUrl(String platform) {
    ServiceProcess adapter = platform.equals("messenger") ? messenger : instagram;
    return adapter.baseUrl() + "/webhooks/" + platform;
  }

  private static String businessOf(String platform) {
    return platform.equals("messenger") ? PAGE : INSTAGRAM_ACCOUNT;
  }

  private static String topicOf(String platform) {
    return platform.equals("messenger") ? Topics.INBOUND_MESSENGER : Topics.INBOUND_INSTAGRAM;
  }

  private static TopicProbe probe(String topic) {
    return TopicProbe.fromNow(devstack.kafkaBootstrapServers(), topic);
  }

  /** A fresh PSID or IGSID: numeric, as Meta's are. */
  private static String numericId() {
    return String.valueOf(
        ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, Long.MAX_VALUE));
  }

  /** A message id shaped like Instagram's (base64). */
  private static String instagramMid() {
    return Base64.getEncoder()
        .encodeToString(
            ("ig_message_item:1:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
  }

  /** Signs as Meta does, independently of the mesh's own verifier. */
  private static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
