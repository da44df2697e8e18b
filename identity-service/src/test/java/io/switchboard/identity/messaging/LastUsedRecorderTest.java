package io.switchboard.identity.messaging;

import static io.switchboard.identity.Requests.as;
import static io.switchboard.identity.Requests.versionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TestProducer;
import io.switchboard.events.AccountRef;
import io.switchboard.events.ConversationIds;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import io.switchboard.identity.Devices;
import io.switchboard.identity.People;
import io.switchboard.identity.RouteWatch;
import io.switchboard.identity.Tokens;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * identity-service learns the app a person last wrote from by reading the messages on the inbound
 * topics (a real broker and PostgreSQL), and publishes it on identity.links.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class LastUsedRecorderTest {
  private static final URI SOURCE = MeshEvent.sourceOf("last-used-test");
  private static final String PAGE = "100000000000001";
  private static KafkaProducer<String, byte[]> producer;

  @BeforeAll
  static void connect() {
    producer = TestProducer.open(SharedDevstack.endpoints().kafkaBootstrapServers());
  }

  @AfterAll
  static void close() {
    producer.close(Duration.ofSeconds(5));
  }

  @Test
  void followsTheAppEachMessageCameFrom() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    String device = Devices.register(ada).getString("deviceId");
    AccountRef messenger = AccountRef.of(Platform.MESSENGER, psid);
    String routeKey = RouteWatch.key("messenger", psid);

    try (RouteWatch links = RouteWatch.fromNow()) {
      publish(Topics.INBOUND_MESSENGER, message(messenger, Instant.now()));

      AccountRoute route =
          links.awaitRoute(routeKey, r -> r.delivery().lastUsedPlatform() == Platform.MESSENGER);
      assertThat(route.version()).isEqualTo(versionOf(ada));
    }
    try (RouteWatch links = RouteWatch.fromNow()) {
      publish(
          Topics.INBOUND_CLIENT,
          message(AccountRef.of(Platform.SWITCHBOARD, device), Instant.now()));

      links.awaitRoute(routeKey, r -> r.delivery().lastUsedPlatform() == Platform.SWITCHBOARD);
    }
    assertLastUsed(ada, "switchboard");
  }

  @Test
  void aLateMessageAnUnknownSenderAndABrokenRecordChangeNothing() {
    String psid = People.numericId();
    String ada = People.register("messenger", psid);
    String device = Devices.register(ada).getString("deviceId");
    AccountRef messenger = AccountRef.of(Platform.MESSENGER, psid);
    try (RouteWatch links = RouteWatch.fromNow()) {
      publish(
          Topics.INBOUND_CLIENT,
          message(AccountRef.of(Platform.SWITCHBOARD, device), Instant.now()));
      links.awaitRoute(
          RouteWatch.key("messenger", psid),
          r -> r.delivery().lastUsedPlatform() == Platform.SWITCHBOARD);
    }
    long version = versionOf(ada);
    String benPsid = People.numericId();
    String ben = People.register("messenger", benPsid);

    // One conversation, so one partition: Ben's message is read after everything before it.
    String conversation = ConversationIds.direct(Platform.MESSENGER, PAGE, psid);
    try (RouteWatch links = RouteWatch.fromNow()) {
      publish(
          Topics.INBOUND_MESSENGER,
          conversation,
          message(messenger, Instant.now().minus(Duration.ofMinutes(5))));
      publish(
          Topics.INBOUND_MESSENGER,
          conversation,
          message(AccountRef.of(Platform.MESSENGER, People.numericId()), Instant.now()));
      send(
          new ProducerRecord<>(
              Topics.INBOUND_MESSENGER,
              conversation,
              "{\"not\":\"a message\"}".getBytes(StandardCharsets.UTF_8)),
          EventType.MESSAGE_CREATED.ceType());
      publish(
          Topics.INBOUND_MESSENGER,
          conversation,
          message(AccountRef.of(Platform.MESSENGER, benPsid), Instant.now()));

      links.awaitRoute(
          RouteWatch.key("messenger", benPsid),
          r -> r.delivery().lastUsedPlatform() == Platform.MESSENGER);
    }
    assertThat(versionOf(ada)).isEqualTo(version);
    assertLastUsed(ada, "switchboard");
    assertLastUsed(ben, "messenger");
  }

  private static MeshEvent<MessageCreated> message(AccountRef sender, Instant receivedAt) {
    String conversation = ConversationIds.direct(sender.platform(), PAGE, sender.accountId());
    return MeshEvent.of(
        EventIds.random(),
        SOURCE,
        receivedAt,
        new MessageCreated(
            conversation,
            "m_" + EventIds.random(),
            sender,
            AccountRef.of(sender.platform(), PAGE),
            PlainContent.text("hello"),
            null,
            null,
            null,
            receivedAt,
            receivedAt));
  }

  private static void publish(String topic, MeshEvent<MessageCreated> event) {
    publish(topic, event.data().conversationId(), event);
  }

  private static void publish(String topic, String key, MeshEvent<MessageCreated> event) {
    ProducerRecord<String, byte[]> record = MeshEventRecords.toRecord(topic, event);
    send(new ProducerRecord<>(topic, null, key, record.value(), record.headers()), null);
  }

  private static void send(ProducerRecord<String, byte[]> record, String ceType) {
    if (ceType != null) {
      record.headers().add(CloudEventHeaders.TYPE, ceType.getBytes(StandardCharsets.UTF_8));
    }
    try {
      producer.send(record).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("not published", e);
    }
  }

  private static void assertLastUsed(String personId, String platform) {
    as(Tokens.service())
        .when()
        .get("/api/v1/people/" + personId)
        .then()
        .statusCode(200)
        .body("delivery.lastUsedPlatform", equalTo(platform));
  }
}
