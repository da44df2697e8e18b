package io.switchboard.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventCodec;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.data.ConversationChange;
import io.switchboard.events.data.ConversationChanged;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageDeleted;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.data.Typing;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.Mesh.Person;
import io.switchboard.gateway.Tokens;
import io.switchboard.gateway.fanout.MeshProducer;
import io.switchboard.gateway.log.ClientNonces;
import io.switchboard.gateway.routing.RoutingViewLoader;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client writes over the WebSocket against the real broker and database: what each frame publishes
 * on inbound.client (or typing), with which key, and that a refused frame publishes nothing.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class ClientWritesTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofMillis(1500);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Vertx vertx;
  @Inject RoutingViewLoader routing;
  @Inject Pool pool;
  @Inject MeshProducer producer;
  @Inject ClientNonces nonces;

  @TestHTTPResource("/")
  URI base;

  private WebSocketClient client;
  private TopicProbe inbound;
  private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
  private String adaDevice;
  private String bobDevice;
  private Person ada;
  private Person bob;
  private String group;

  @BeforeEach
  void setUp() {
    client = vertx.createWebSocketClient();
    inbound =
        TopicProbe.fromNow(
            SharedDevstack.endpoints().kafkaBootstrapServers(), Topics.INBOUND_CLIENT);
    adaDevice = "phone-" + UUID.randomUUID();
    bobDevice = "phone-" + UUID.randomUUID();
    ada = linked(Person.of(AccountRef.of(Platform.SWITCHBOARD, adaDevice)));
    bob = linked(Person.of(AccountRef.of(Platform.SWITCHBOARD, bobDevice)));
    group = "sb:group:" + UUID.randomUUID();
    seedGroup(
        group,
        List.of(ada.personId(), bob.personId()),
        List.of(
            new Seeded("m-ada", ada.personId(), adaDevice),
            new Seeded("m-bob", bob.personId(), bobDevice)));
  }

  @AfterEach
  void tearDown() {
    client.close();
    inbound.close();
  }

  @Test
  void aSendPublishesMessageCreatedByTheDeviceKeyedByConversation() throws Exception {
    Device device = connect(ada, adaDevice);

    device.send(
        "{\"type\":\"send\",\"nonce\":\"n-1\",\"conversationId\":\""
            + group
            + "\",\"replyTo\":\"m-bob\",\"content\":{\"kind\":\"plain\",\"text\":\"hello\"}}");

    JsonNode sent = device.next();
    assertThat(sent.get("type").asText()).as(sent.toString()).isEqualTo("sent");
    assertThat(sent.get("nonce").asText()).isEqualTo("n-1");
    assertThat(sent.get("conversationId").asText()).isEqualTo(group);
    assertThat(sent.get("messageId").asText()).isEqualTo("sb." + adaDevice + ".n-1");
    MeshEvent<EventData> event = only(group, sent.get("eventId").asText());
    assertThat(event.source()).isEqualTo(MeshEvent.sourceOf("gateway-service"));
    assertThat(event.type()).isEqualTo(EventType.MESSAGE_CREATED);
    MessageCreated message = (MessageCreated) event.data();
    assertThat(message.sender()).isEqualTo(AccountRef.of(Platform.SWITCHBOARD, adaDevice));
    assertThat(message.recipient()).isNull();
    assertThat(message.clientNonce()).isEqualTo("n-1");
    assertThat(message.messageId()).isEqualTo("sb." + adaDevice + ".n-1");
    assertThat(message.replyTo()).isEqualTo("m-bob");
    assertThat(message.sequence()).isNull();
    assertThat(message.content()).isEqualTo(PlainContent.text("hello"));
  }

  @Test
  void aFirstSendToADirectConversationWithAKnownPersonNeedsNoMembership() throws Exception {
    Device device = connect(ada, adaDevice);
    String direct = direct(ada.personId(), bob.personId());

    device.send(
        "{\"type\":\"send\",\"nonce\":\"dm-1\",\"conversationId\":\""
            + direct
            + "\",\"content\":"
            + sealed()
            + "}");

    JsonNode sent = device.next();
    assertThat(sent.get("type").asText()).as(sent.toString()).isEqualTo("sent");
    MessageCreated message = (MessageCreated) only(direct, sent.get("eventId").asText()).data();
    assertThat(message.content()).isInstanceOf(SealedContent.class);
    assertThat(message.conversationId()).isEqualTo(direct);
  }

  @Test
  void aResendWithTheSameNoncePublishesNothingNewAndAnswersTheSameIds() throws Exception {
    Device device = connect(ada, adaDevice);
    String send =
        "{\"type\":\"send\",\"nonce\":\"again\",\"conversationId\":\""
            + group
            + "\",\"content\":{\"kind\":\"plain\",\"text\":\"once\"}}";
    device.send(send);
    JsonNode first = device.next();
    only(group, first.get("eventId").asText());

    device.send(send);
    JsonNode second = device.next();

    assertThat(second).isEqualTo(first);
    assertThat(arrivals(group, SETTLE)).isEmpty();
    assertOnlyNextSendArrives(device);
  }

  @Test
  void concurrentSendsWithTheSameNonceAreOneMessage() throws Exception {
    Device phone = connect(ada, adaDevice);
    Device sameDeviceAgain = connect(ada, adaDevice);
    String send =
        "{\"type\":\"send\",\"nonce\":\"twice\",\"conversationId\":\""
            + group
            + "\",\"content\":{\"kind\":\"plain\",\"text\":\"raced\"}}";

    phone.socket.writeTextMessage(send);
    sameDeviceAgain.socket.writeTextMessage(send);

    JsonNode one = phone.next();
    JsonNode other = sameDeviceAgain.next();
    assertThat(one.get("type").asText()).as(one.toString()).isEqualTo("sent");
    assertThat(other).isEqualTo(one);
    List<MeshEvent<EventData>> published = arrivals(group, SETTLE);
    assertThat(published)
        .isNotEmpty()
        .allSatisfy(event -> assertThat(event.id()).isEqualTo(one.get("eventId").asText()));
  }

  @Test
  void editAndUnsendArePublishedForTheSenderOnly() throws Exception {
    Device device = connect(ada, adaDevice);

    device.send(
        "{\"type\":\"edit\",\"ref\":\"r1\",\"conversationId\":\""
            + group
            + "\",\"messageId\":\"m-ada\",\"content\":{\"kind\":\"plain\",\"text\":\"fixed\"}}");
    JsonNode edited = device.next();
    assertThat(edited.get("type").asText()).as(edited.toString()).isEqualTo("accepted");
    assertThat(edited.get("ref").asText()).isEqualTo("r1");
    assertThat(edited.get("conversationId").asText()).isEqualTo(group);
    MessageEdited edit = (MessageEdited) only(group, edited.get("eventId").asText()).data();
    assertThat(edit.messageId()).isEqualTo("m-ada");
    assertThat(edit.sender()).isEqualTo(AccountRef.of(Platform.SWITCHBOARD, adaDevice));
    assertThat(edit.content()).isEqualTo(PlainContent.text("fixed"));

    device.send(
        "{\"type\":\"unsend\",\"conversationId\":\"" + group + "\",\"messageId\":\"m-ada\"}");
    JsonNode unsent = device.next();
    assertThat(unsent.has("ref")).isFalse();
    MessageDeleted deleted = (MessageDeleted) only(group, unsent.get("eventId").asText()).data();
    assertThat(deleted.messageId()).isEqualTo("m-ada");
    assertThat(deleted.sender()).isEqualTo(AccountRef.of(Platform.SWITCHBOARD, adaDevice));
  }

  @Test
  void reactionsAndReceiptsComeFromAnyMember() throws Exception {
    Device device = connect(ada, adaDevice);
    String onBob = "\"conversationId\":\"" + group + "\",\"messageId\":\"m-bob\"";

    device.send("{\"type\":\"react\"," + onBob + ",\"reaction\":\"👍\"}");
    ReactionAdded added = (ReactionAdded) only(group, device.next().get("eventId").asText()).data();
    device.send("{\"type\":\"react\"," + onBob + ",\"reaction\":\"👍\",\"remove\":true}");
    ReactionRemoved removed =
        (ReactionRemoved) only(group, device.next().get("eventId").asText()).data();
    device.send("{\"type\":\"read\"," + onBob + "}");
    Receipt read = (Receipt) only(group, device.next().get("eventId").asText()).data();
    device.send(
        "{\"type\":\"delivered\",\"conversationId\":\""
            + group
            + "\",\"messageIds\":[\"m-bob\",\"m-ada\",\"m-bob\"]}");
    Receipt delivered = (Receipt) only(group, device.next().get("eventId").asText()).data();

    assertThat(added.messageId()).isEqualTo("m-bob");
    assertThat(added.reaction()).isEqualTo("👍");
    assertThat(added.sender()).isEqualTo(AccountRef.of(Platform.SWITCHBOARD, adaDevice));
    assertThat(removed.reaction()).isEqualTo("👍");
    assertThat(read.status()).isEqualTo(ReceiptStatus.READ);
    assertThat(read.account()).isEqualTo(AccountRef.of(Platform.SWITCHBOARD, adaDevice));
    assertThat(read.messageIds()).containsExactly("m-bob");
    assertThat(delivered.status()).isEqualTo(ReceiptStatus.DELIVERED);
    assertThat(delivered.account()).isEqualTo(AccountRef.of(Platform.SWITCHBOARD, adaDevice));
    assertThat(delivered.messageIds()).containsExactly("m-bob", "m-ada");
  }

  @Test
  void typingGoesToTheTypingTopicAndIsNotAnswered() throws Exception {
    Device device = connect(ada, adaDevice);
    try (TopicProbe typing =
        TopicProbe.fromNow(SharedDevstack.endpoints().kafkaBootstrapServers(), Topics.TYPING)) {
      Instant before = Instant.now();

      device.send("{\"type\":\"typing\",\"conversationId\":\"" + group + "\",\"typing\":true}");

      Typing event = null;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (event == null && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : typing.drain(Duration.ofMillis(200))) {
          if (record.key().equals(group)) {
            event = (Typing) MeshEventRecords.fromRecord(record).data();
          }
        }
      }
      assertThat(event).as("a typing event keyed by the conversation").isNotNull();
      assertThat(event.typing()).isTrue();
      assertThat(event.sender()).isEqualTo(AccountRef.of(Platform.SWITCHBOARD, adaDevice));
      assertThat(event.expiresAt()).isBetween(before.plusSeconds(5), Instant.now().plusSeconds(7));
    }
    device.send("{\"type\":\"read\",\"conversationId\":\"" + group + "\",\"messageId\":\"m-bob\"}");
    assertThat(device.next().get("type").asText()).isEqualTo("accepted");
  }

  @Test
  void aGroupIsCreatedOnceWithItsCreatorAmongTheMembers() throws Exception {
    Device device = connect(ada, adaDevice);
    String create =
        "{\"type\":\"group.create\",\"nonce\":\"g-1\",\"name\":\"Lunch\",\"theme\":\"#336699\","
            + "\"members\":[\""
            + bob.personId()
            + "\",\""
            + bob.personId()
            + "\",\""
            + ada.personId()
            + "\"]}";

    device.send(create);
    JsonNode created = device.next();
    assertThat(created.get("type").asText()).as(created.toString()).isEqualTo("group.created");
    assertThat(created.get("nonce").asText()).isEqualTo("g-1");
    String id = created.get("conversationId").asText();
    assertThat(id).startsWith("sb:group:");
    ConversationChanged changed =
        (ConversationChanged) only(id, created.get("eventId").asText()).data();
    assertThat(changed.change()).isEqualTo(ConversationChange.CREATED);
    assertThat(changed.actor()).isEqualTo(AccountRef.of(Platform.SWITCHBOARD, adaDevice));
    assertThat(changed.memberPersonIds()).containsExactly(ada.personId(), bob.personId());
    assertThat(changed.name()).isEqualTo("Lunch");
    assertThat(changed.theme()).isEqualTo("#336699");

    device.send(create);
    assertThat(device.next()).isEqualTo(created);
    assertThat(arrivals(id, SETTLE)).isEmpty();
  }

  @Test
  void membersAddRemoveRenameAndRethemeAGroup() throws Exception {
    Device device = connect(ada, adaDevice);
    Person carol =
        linked(Person.of(AccountRef.of(Platform.SWITCHBOARD, "phone-" + UUID.randomUUID())));
    String in = "\"conversationId\":\"" + group + "\"";

    device.send("{\"type\":\"group.add\"," + in + ",\"members\":[\"" + carol.personId() + "\"]}");
    ConversationChanged added = changed(device);
    device.send("{\"type\":\"group.rename\"," + in + ",\"name\":\"Dinner\"}");
    ConversationChanged renamed = changed(device);
    device.send("{\"type\":\"group.theme\"," + in + ",\"theme\":\"#aabbcc\"}");
    ConversationChanged themed = changed(device);
    device.send("{\"type\":\"group.remove\"," + in + ",\"members\":[\"" + ada.personId() + "\"]}");
    ConversationChanged left = changed(device);

    assertThat(added.change()).isEqualTo(ConversationChange.MEMBERS_ADDED);
    assertThat(added.memberPersonIds()).containsExactly(carol.personId());
    assertThat(left.change()).isEqualTo(ConversationChange.MEMBERS_REMOVED);
    assertThat(left.memberPersonIds()).containsExactly(ada.personId());
    assertThat(renamed.change()).isEqualTo(ConversationChange.RENAMED);
    assertThat(renamed.name()).isEqualTo("Dinner");
    assertThat(themed.change()).isEqualTo(ConversationChange.THEME_CHANGED);
    assertThat(themed.theme()).isEqualTo("#aabbcc");
  }

  @Test
  void refusedWritesAreAnsweredWithAnErrorAndWriteNothing() throws Exception {
    Device device = connect(ada, adaDevice);
    String stranger = UUID.randomUUID().toString();
    String otherGroup = "sb:group:" + UUID.randomUUID();
    seedGroup(
        otherGroup,
        List.of(bob.personId(), stranger),
        List.of(new Seeded("m-x", bob.personId(), bobDevice)));
    String unknownDirect = direct(ada.personId(), stranger);
    String in = "\"conversationId\":\"" + group + "\"";
    String hello = "\"content\":{\"kind\":\"plain\",\"text\":\"hello\"}";

    assertRefused(device, "{\"type\":\"send\"," + in + "," + hello + "}", "invalid_field", "nonce");
    assertRefused(
        device,
        "{\"type\":\"send\",\"nonce\":\"has space\"," + in + "," + hello + "}",
        "invalid_field",
        "nonce");
    assertRefused(
        device,
        "{\"type\":\"send\",\"nonce\":\"r1\"," + in + ",\"content\":{\"kind\":\"plain\"}}",
        "invalid_field",
        "content");
    assertRefused(
        device,
        "{\"type\":\"send\",\"nonce\":\"r2\","
            + in
            + ",\"content\":{\"kind\":\"sealed\",\"algorithm\":\"HPKE-X25519-HKDF-SHA256-AES-128-GCM\","
            + "\"senderDeviceKeyId\":\"dk\",\"envelopes\":[{\"recipientDeviceKeyId\":\"dk_b\","
            + "\"encapsulatedKey\":\"not base64!\",\"ciphertext\":\"AAAA\"}]}}",
        "invalid_field",
        "content/envelopes/0/encapsulatedKey");
    assertRefused(
        device,
        "{\"type\":\"send\",\"nonce\":\"r3\",\"conversationId\":\""
            + otherGroup
            + "\","
            + hello
            + "}",
        "not_a_member",
        "");
    assertRefused(
        device,
        "{\"type\":\"send\",\"nonce\":\"r4\",\"conversationId\":\""
            + unknownDirect
            + "\","
            + hello
            + "}",
        "not_a_member",
        "");
    assertRefused(
        device,
        "{\"type\":\"send\",\"nonce\":\"r5\"," + in + ",\"replyTo\":\"m-none\"," + hello + "}",
        "unknown_message",
        "replyTo");
    assertRefused(
        device,
        "{\"type\":\"edit\"," + in + ",\"messageId\":\"m-bob\"," + hello + "}",
        "not_yours",
        "messageId");
    assertRefused(
        device,
        "{\"type\":\"unsend\",\"ref\":\"u1\"," + in + ",\"messageId\":\"m-none\"}",
        "unknown_message",
        "messageId");
    assertRefused(
        device,
        "{\"type\":\"react\","
            + in
            + ",\"messageId\":\"m-bob\",\"reaction\":\""
            + "x".repeat(33)
            + "\"}",
        "invalid_field",
        "reaction");
    assertRefused(
        device,
        "{\"type\":\"read\",\"conversationId\":\"" + otherGroup + "\",\"messageId\":\"m-x\"}",
        "not_a_member",
        "");
    assertRefused(
        device,
        "{\"type\":\"delivered\"," + in + ",\"messageIds\":[\"m-bob\",\"m-none\"]}",
        "unknown_message",
        "messageIds");
    assertRefused(
        device,
        "{\"type\":\"delivered\"," + in + ",\"messageIds\":[]}",
        "invalid_field",
        "messageIds");
    assertRefused(
        device,
        "{\"type\":\"delivered\",\"conversationId\":\""
            + otherGroup
            + "\",\"messageIds\":[\"m-x\"]}",
        "not_a_member",
        "");
    assertRefused(
        device,
        "{\"type\":\"typing\",\"conversationId\":\"" + otherGroup + "\",\"typing\":true}",
        "not_a_member",
        "");
    assertRefused(
        device,
        "{\"type\":\"group.rename\",\"conversationId\":\"" + unknownDirect + "\",\"name\":\"x\"}",
        "not_a_group",
        "conversationId");
    assertRefused(
        device,
        "{\"type\":\"group.add\",\"conversationId\":\""
            + otherGroup
            + "\",\"members\":[\""
            + ada.personId()
            + "\"]}",
        "not_a_member",
        "");
    assertRefused(
        device,
        "{\"type\":\"group.add\"," + in + ",\"members\":[\"" + stranger + "\"]}",
        "unknown_person",
        "members");
    assertRefused(
        device,
        "{\"type\":\"group.theme\"," + in + ",\"theme\":\"blue\"}",
        "invalid_field",
        "theme");
    assertRefused(
        device,
        "{\"type\":\"group.create\",\"nonce\":\"g-unknown\",\"members\":[\"" + stranger + "\"]}",
        "unknown_person",
        "members");
    List<String> nine = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      nine.add("\"" + UUID.randomUUID() + "\"");
    }
    assertRefused(
        device,
        "{\"type\":\"group.create\",\"nonce\":\"g-big\",\"members\":["
            + String.join(",", nine)
            + "]}",
        "too_many_members",
        "members");

    assertThat(arrivals(Set.of(group, otherGroup, unknownDirect), SETTLE)).isEmpty();
    assertThat(claimedNonces()).isEmpty();
    assertOnlyNextSendArrives(device);
  }

  @Test
  void aNonceServesOneConversation() throws Exception {
    Device device = connect(ada, adaDevice);
    String hello = "\"content\":{\"kind\":\"plain\",\"text\":\"hello\"}";
    String direct = direct(ada.personId(), bob.personId());
    device.send(
        "{\"type\":\"send\",\"nonce\":\"one\",\"conversationId\":\"" + group + "\"," + hello + "}");
    only(group, device.next().get("eventId").asText());

    assertRefused(
        device,
        "{\"type\":\"send\",\"nonce\":\"one\",\"conversationId\":\"" + direct + "\"," + hello + "}",
        "nonce_reused",
        "nonce");
    assertThat(arrivals(Set.of(group, direct), SETTLE)).isEmpty();
  }

  @Test
  void whenKafkaDoesNotAcknowledgeTheSendIsUnavailableAndAResendPublishesIt() throws Exception {
    AtomicBoolean down = new AtomicBoolean(true);
    QuarkusMock.installMockForType(
        new ClientEvents(producer) {
          @Override
          public Uni<Void> publish(String topic, MeshEvent<?> event) {
            return down.get()
                ? Uni.createFrom().failure(new TimeoutException("no acknowledgement"))
                : super.publish(topic, event);
          }
        },
        ClientEvents.class);
    Device device = connect(ada, adaDevice);
    String send =
        "{\"type\":\"send\",\"nonce\":\"down\",\"conversationId\":\""
            + group
            + "\",\"content\":{\"kind\":\"plain\",\"text\":\"later\"}}";

    device.send(send);
    JsonNode unavailable = device.next();
    assertThat(unavailable.get("code").asText()).isEqualTo("unavailable");
    assertThat(unavailable.get("nonce").asText()).isEqualTo("down");
    down.set(false);
    device.send(send);

    JsonNode sent = device.next();
    assertThat(sent.get("type").asText()).as(sent.toString()).isEqualTo("sent");
    assertThat(sent.get("messageId").asText()).isEqualTo("sb." + adaDevice + ".down");
    only(group, sent.get("eventId").asText());
  }

  @Test
  void aNonceOlderThanTheRetentionIsForgottenAndItsResendIsANewMessage() throws Exception {
    Device device = connect(ada, adaDevice);
    String send =
        "{\"type\":\"send\",\"nonce\":\"old\",\"conversationId\":\""
            + group
            + "\",\"content\":{\"kind\":\"plain\",\"text\":\"long ago\"}}";
    device.send(send);
    JsonNode first = device.next();
    only(group, first.get("eventId").asText());
    pool.preparedQuery(
            "UPDATE gateway.client_nonces SET created_at = now() - interval '8 days'"
                + " WHERE device_account_id = $1")
        .execute(Tuple.of(adaDevice))
        .await()
        .atMost(TIMEOUT);

    assertThat(nonces.forgetOlderThan(Duration.ofDays(7)).await().atMost(TIMEOUT))
        .isGreaterThanOrEqualTo(1);

    device.send(send);
    JsonNode again = device.next();
    assertThat(again.get("eventId").asText()).isNotEqualTo(first.get("eventId").asText());
    only(group, again.get("eventId").asText());
  }

  private List<String> claimedNonces() {
    List<String> claimed = new ArrayList<>();
    pool.preparedQuery("SELECT nonce FROM gateway.client_nonces WHERE device_account_id = $1")
        .execute(Tuple.of(adaDevice))
        .await()
        .atMost(TIMEOUT)
        .forEach(row -> claimed.add(row.getString(0)));
    return claimed;
  }

  private ConversationChanged changed(Device device) throws Exception {
    JsonNode accepted = device.next();
    assertThat(accepted.get("type").asText()).as(accepted.toString()).isEqualTo("accepted");
    return (ConversationChanged) only(group, accepted.get("eventId").asText()).data();
  }

  private void assertRefused(Device device, String frame, String code, String field)
      throws Exception {
    device.send(frame);
    JsonNode error = device.next();
    assertThat(error.get("type").asText()).as(frame + " -> " + error).isEqualTo("error");
    assertThat(error.get("code").asText()).as(frame + " -> " + error).isEqualTo(code);
    assertThat(error.get("message").asText()).as(error.toString()).startsWith(field);
  }

  /**
   * A valid send after refusals: exactly its event arrives, so the probe would have seen others.
   */
  private void assertOnlyNextSendArrives(Device device) throws Exception {
    device.send(
        "{\"type\":\"send\",\"nonce\":\""
            + UUID.randomUUID()
            + "\",\"conversationId\":\""
            + group
            + "\",\"content\":{\"kind\":\"plain\",\"text\":\"marker\"}}");
    JsonNode sent = device.next();
    assertThat(sent.get("type").asText()).as(sent.toString()).isEqualTo("sent");
    only(group, sent.get("eventId").asText());
  }

  /** Waits for the next event keyed by the conversation; it must be the one with this id. */
  private MeshEvent<EventData> only(String conversationId, String eventId) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      List<MeshEvent<EventData>> arrived = arrivals(conversationId, Duration.ofMillis(200));
      if (!arrived.isEmpty()) {
        assertThat(arrived).extracting(MeshEvent::id).containsExactly(eventId);
        return arrived.get(0);
      }
    }
    throw new AssertionError("no event on inbound.client for " + conversationId);
  }

  private List<MeshEvent<EventData>> arrivals(String conversationId, Duration window) {
    return arrivals(Set.of(conversationId), window);
  }

  /** The events keyed by one of the conversations that arrive within the window. */
  private List<MeshEvent<EventData>> arrivals(Set<String> conversationIds, Duration window) {
    seen.addAll(inbound.drain(window));
    List<MeshEvent<EventData>> events =
        seen.stream()
            .filter(r -> conversationIds.contains(r.key()))
            .map(MeshEventRecords::fromRecord)
            .toList();
    seen.removeIf(r -> conversationIds.contains(r.key()));
    return events;
  }

  private Person linked(Person person) {
    person.publish(1);
    await().atMost(TIMEOUT).until(() -> routing.view().person(person.personId()).isPresent());
    return person;
  }

  /** A message of a seeded group: its id, and who wrote it from which device. */
  private record Seeded(String messageId, String personId, String deviceId) {}

  /** A group in the log, as the fan-out leaves it: its members and messages, numbered from 1. */
  private void seedGroup(String conversationId, List<String> members, List<Seeded> messages) {
    pool.withTransaction(
            conn ->
                conn.preparedQuery(
                        "INSERT INTO gateway.conversations (id, kind, last_seq)"
                            + " VALUES ($1, 'group', $2)")
                    .execute(Tuple.of(conversationId, (long) messages.size()))
                    .chain(
                        () ->
                            conn.preparedQuery(
                                    "INSERT INTO gateway.conversation_members"
                                        + " (conversation_id, person_id)"
                                        + " SELECT $1, unnest($2::text[])")
                                .execute(Tuple.of(conversationId, members.toArray(String[]::new))))
                    .chain(
                        () -> {
                          Uni<Void> all = Uni.createFrom().voidItem();
                          for (int i = 0; i < messages.size(); i++) {
                            Tuple row = logged(conversationId, i + 1L, messages.get(i));
                            all =
                                all.chain(
                                    () ->
                                        conn.preparedQuery(
                                                "INSERT INTO gateway.messages (conversation_id,"
                                                    + " seq, event_id, event_type, platform,"
                                                    + " sender_platform, sender_account,"
                                                    + " sender_person_id, data, fanned_out)"
                                                    + " VALUES ($1, $2, $3,"
                                                    + " 'switchboard.message.created.v1',"
                                                    + " 'switchboard', 'switchboard', $4, $5, $6,"
                                                    + " true)")
                                            .execute(row)
                                            .replaceWithVoid());
                          }
                          return all;
                        }))
        .await()
        .atMost(TIMEOUT);
  }

  private static Tuple logged(String conversationId, long seq, Seeded message) {
    Instant now = Instant.now();
    AccountRef sender = AccountRef.of(Platform.SWITCHBOARD, message.deviceId());
    MessageCreated data =
        new MessageCreated(
            conversationId,
            message.messageId(),
            sender,
            null,
            PlainContent.text("seeded"),
            null,
            seq,
            null,
            now,
            now);
    return Tuple.from(
        new Object[] {
          conversationId,
          seq,
          UUID.randomUUID().toString(),
          message.deviceId(),
          message.personId(),
          new JsonObject(new String(EventCodec.encodeData(data), StandardCharsets.UTF_8))
        });
  }

  private static String direct(String a, String b) {
    return a.compareTo(b) < 0 ? "sb:dm:" + a + ":" + b : "sb:dm:" + b + ":" + a;
  }

  private static String sealed() {
    ObjectNode content = JSON.createObjectNode();
    content.put("kind", "sealed");
    content.put("algorithm", "HPKE-X25519-HKDF-SHA256-AES-128-GCM");
    content.put("senderDeviceKeyId", "dk_ada");
    ObjectNode envelope = content.putArray("envelopes").addObject();
    envelope.put("recipientDeviceKeyId", "dk_bob");
    envelope.put("encapsulatedKey", "AAAA");
    envelope.put("ciphertext", "BBBB");
    return content.toString();
  }

  private Device connect(Person person, String deviceId) throws Exception {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions()
            .setHost(base.getHost())
            .setPort(base.getPort())
            .setURI("/ws/v1?deviceId=" + deviceId)
            .addHeader("Authorization", "Bearer " + Tokens.person(person.personId()));
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    WebSocket socket =
        client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    socket.textMessageHandler(received::add);
    return new Device(socket, received);
  }

  /**
   * One device connection and the answers it received, in order; {@code message} frames the fan-out
   * pushes meanwhile are skipped.
   */
  private record Device(WebSocket socket, LinkedBlockingQueue<String> received) {
    JsonNode next() throws Exception {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        String frame = received.poll(200, TimeUnit.MILLISECONDS);
        if (frame != null) {
          JsonNode json = JSON.readTree(frame);
          if (!Set.of("message", "typing", "receipt").contains(json.get("type").asText())) {
            return json;
          }
        }
      }
      throw new AssertionError("no answer within " + TIMEOUT);
    }

    void send(String text) throws Exception {
      socket
          .writeTextMessage(text)
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }
  }
}
