package io.switchboard.gateway.fanout;

import static io.switchboard.gateway.Mesh.account;
import static io.switchboard.gateway.Mesh.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventCodec;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.ConversationChange;
import io.switchboard.events.data.ConversationChanged;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageDeleted;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.data.Typing;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.Mesh;
import io.switchboard.gateway.Mesh.Person;
import io.switchboard.gateway.relay.OtherReplica;
import io.switchboard.gateway.relay.ReplicaLease;
import io.switchboard.gateway.routing.RoutingViewLoader;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conversations of members through the real fan-out: Switchboard direct conversations and groups
 * written from devices (events on inbound.client), answers from apps through the business account,
 * edits, unsends, reactions, receipts and typing.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class ConversationFanoutTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(2);

  @Inject RoutingViewLoader routing;
  @Inject Pool pool;
  @Inject ReplicaLease lease;

  private TopicProbe messenger;
  private TopicProbe whatsapp;
  private TopicProbe status;
  private TopicProbe pushes;
  private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

  @BeforeEach
  void openProbes() {
    // The pushes' records are what these tests read: they are written beside another replica.
    OtherReplica.hold(pool, lease);
    String kafka = SharedDevstack.endpoints().kafkaBootstrapServers();
    messenger = TopicProbe.fromNow(kafka, Topics.OUTBOUND_MESSENGER);
    whatsapp = TopicProbe.fromNow(kafka, Topics.OUTBOUND_WHATSAPP);
    status = TopicProbe.fromNow(kafka, Topics.DELIVERY_STATUS);
    pushes = TopicProbe.fromNow(kafka, Topics.GATEWAY_PUSHES);
  }

  @AfterEach
  void closeProbes() {
    messenger.close();
    whatsapp.close();
    status.close();
    pushes.close();
    OtherReplica.release(pool, lease);
  }

  @Test
  void aDeviceOpensADirectConversationThatReachesTheOtherPersonsAppAndComesBack() {
    AccountRef adaDevice = account(Platform.SWITCHBOARD);
    AccountRef boMessenger = account(Platform.MESSENGER);
    Person ada = linked(Person.of(adaDevice));
    Person bo =
        linked(Person.of(boMessenger).controls(Mesh.inboxFromEveryone(Platform.SWITCHBOARD)));
    String conversation = direct(ada, bo);

    MeshEvent<MessageCreated> hello = clientMessage(conversation, adaDevice, "Dinner at 8?");
    Mesh.publish(Topics.INBOUND_CLIENT, hello);

    MessageCreated out = awaitData(messenger, r -> r.key().endsWith(boMessenger.accountId()));
    assertThat(out.recipient()).isEqualTo(boMessenger);
    assertThat(out.content()).isEqualTo(text("Dinner at 8?"));
    assertThat(out.messageId()).isEqualTo(hello.data().messageId());
    assertThat(members(conversation)).containsExactlyInAnyOrder(ada.personId(), bo.personId());
    JsonNode push = awaitPush(conversation, "message");
    assertThat(push.path("personIds").toString()).contains(ada.personId(), bo.personId());

    // Bo answers in Messenger, to the business account: it lands in the same conversation.
    MeshEvent<MessageCreated> answer = messengerToBusiness(boMessenger, "Make it 8:30");
    Mesh.publish(Topics.INBOUND_MESSENGER, answer);
    List<Row> rows = awaitRows(conversation, 2);
    assertThat(rows.get(1).getString("event_id")).isEqualTo(answer.id());
    assertThat(rows.get(1).getString("sender_person_id")).isEqualTo(bo.personId());
  }

  @Test
  void aGroupAcrossAppsIsCreatedWrittenToAndLosesAMember() {
    AccountRef adaDevice = account(Platform.SWITCHBOARD);
    AccountRef boMessenger = account(Platform.MESSENGER);
    AccountRef cyWhatsapp = account(Platform.WHATSAPP);
    Person ada = linked(Person.of(adaDevice));
    Person bo = linked(Person.of(boMessenger));
    Person cy = linked(Person.of(cyWhatsapp));
    String group = "sb:group:" + UUID.randomUUID();

    Mesh.publish(
        Topics.INBOUND_CLIENT,
        change(
            group,
            adaDevice,
            ConversationChange.CREATED,
            List.of(ada.personId(), bo.personId(), cy.personId(), "nobody-" + UUID.randomUUID()),
            "Weekend",
            null));
    await().atMost(TIMEOUT).until(() -> members(group).size() == 3);
    assertThat(members(group))
        .containsExactlyInAnyOrder(ada.personId(), bo.personId(), cy.personId());

    Mesh.publish(Topics.INBOUND_CLIENT, clientMessage(group, adaDevice, "Hike on Saturday?"));
    MessageCreated toBo = awaitData(messenger, r -> r.key().endsWith(boMessenger.accountId()));
    assertThat(((PlainContent) toBo.content()).text()).isEqualTo("[Weekend] Hike on Saturday?");
    MessageCreated toCy = awaitData(whatsapp, r -> r.key().endsWith(cyWhatsapp.accountId()));
    assertThat(((PlainContent) toCy.content()).text()).isEqualTo("[Weekend] Hike on Saturday?");

    Mesh.publish(
        Topics.INBOUND_CLIENT,
        change(
            group,
            adaDevice,
            ConversationChange.MEMBERS_REMOVED,
            List.of(cy.personId()),
            null,
            null));
    await().atMost(TIMEOUT).until(() -> members(group).size() == 2);
    Mesh.publish(Topics.INBOUND_CLIENT, clientMessage(group, adaDevice, "Cy can't come"));
    awaitData(messenger, r -> r.key().endsWith(boMessenger.accountId()));
    assertThat(whatsapp.drain(SETTLE)).isEmpty();

    List<Row> rows = awaitRows(group, 4);
    assertThat(rows.stream().map(r -> r.getString("event_type")).toList())
        .containsExactly(
            "switchboard.conversation.changed.v1",
            "switchboard.message.created.v1",
            "switchboard.conversation.changed.v1",
            "switchboard.message.created.v1");
  }

  @Test
  void someoneOutsideAGroupCannotChangeIt() {
    AccountRef adaDevice = account(Platform.SWITCHBOARD);
    AccountRef eveDevice = account(Platform.SWITCHBOARD);
    Person ada = linked(Person.of(adaDevice));
    Person eve = linked(Person.of(eveDevice));
    String group = "sb:group:" + UUID.randomUUID();
    Mesh.publish(
        Topics.INBOUND_CLIENT,
        change(
            group, adaDevice, ConversationChange.CREATED, List.of(ada.personId()), "Mine", null));
    await().atMost(TIMEOUT).until(() -> members(group).size() == 1);

    Mesh.publish(
        Topics.INBOUND_CLIENT,
        change(
            group,
            eveDevice,
            ConversationChange.MEMBERS_ADDED,
            List.of(eve.personId()),
            null,
            null));
    Mesh.publish(
        Topics.INBOUND_CLIENT,
        change(group, adaDevice, ConversationChange.RENAMED, List.of(), "Ours", null));

    await().atMost(TIMEOUT).until(() -> awaitRowsNow(group).size() == 2);
    assertThat(members(group)).containsExactly(ada.personId());
    assertThat(name(group)).isEqualTo("Ours");
  }

  @Test
  void editsUnsendsAndReactionsFollowTheirMessageAndCrossAsFallbacks() {
    AccountRef adaDevice = account(Platform.SWITCHBOARD);
    AccountRef boMessenger = account(Platform.MESSENGER);
    AccountRef boDevice = account(Platform.SWITCHBOARD);
    Person ada = linked(Person.of(adaDevice));
    Person bo =
        linked(
            Person.of(boMessenger, boDevice)
                .controls(Mesh.inboxFromEveryone(Platform.SWITCHBOARD)));
    String conversation = direct(ada, bo);
    MeshEvent<MessageCreated> original = clientMessage(conversation, adaDevice, "See you at noon");
    Mesh.publish(Topics.INBOUND_CLIENT, original);
    awaitData(messenger, r -> r.key().endsWith(boMessenger.accountId()));
    String messageId = original.data().messageId();
    Instant now = Instant.now();

    Mesh.publish(
        Topics.INBOUND_CLIENT,
        event(
            new MessageEdited(
                conversation, messageId, adaDevice, text("See you at one"), now, now)));
    MessageCreated edit = awaitData(messenger, r -> r.key().endsWith(boMessenger.accountId()));
    assertThat(edit.content())
        .isEqualTo(new PlainContent("Edited: See you at one", List.of(), null, true));

    // Bo may react, but not unsend Ada's message.
    Mesh.publish(
        Topics.INBOUND_CLIENT,
        event(new MessageDeleted(conversation, messageId, boDevice, now, now)));
    Mesh.publish(
        Topics.INBOUND_CLIENT,
        event(new ReactionAdded(conversation, messageId, boDevice, "👍", now, now)));
    List<Row> rows = awaitRows(conversation, 3);
    assertThat(rows.stream().map(r -> r.getString("event_type")).toList())
        .containsExactly(
            "switchboard.message.created.v1",
            "switchboard.message.edited.v1",
            "switchboard.reaction.added.v1");

    Mesh.publish(
        Topics.INBOUND_CLIENT,
        event(new MessageDeleted(conversation, messageId, adaDevice, now, now)));
    MessageCreated unsent = awaitData(messenger, r -> r.key().endsWith(boMessenger.accountId()));
    assertThat(((PlainContent) unsent.content()).text()).isEqualTo("Unsent a message");
    assertThat(awaitRows(conversation, 4).get(3).getString("event_type"))
        .isEqualTo("switchboard.message.deleted.v1");
  }

  @Test
  void readReceiptsFlowBackOnceAndNeverGoBack() {
    AccountRef adaDevice = account(Platform.SWITCHBOARD);
    AccountRef boDevice = account(Platform.SWITCHBOARD);
    Person ada = linked(Person.of(adaDevice));
    Person bo = linked(Person.of(boDevice).controls(Mesh.inboxFromEveryone(Platform.SWITCHBOARD)));
    String conversation = direct(ada, bo);
    MeshEvent<MessageCreated> message = clientMessage(conversation, adaDevice, "Read me");
    Mesh.publish(Topics.INBOUND_CLIENT, message);
    awaitRows(conversation, 1);

    Mesh.publish(
        Topics.INBOUND_CLIENT, receipt(conversation, boDevice, ReceiptStatus.READ, message));
    Receipt read = awaitData(status, r -> r.key().equals(conversation));
    assertThat(read.status()).isEqualTo(ReceiptStatus.READ);
    assertThat(read.account()).isEqualTo(boDevice);
    assertThat(read.messageIds()).containsExactly(message.data().messageId());
    JsonNode push = awaitPush(conversation, "receipt");
    assertThat(push.path("frame").asText()).contains("\"status\":\"read\"");
    assertThat(push.path("personIds").toString()).contains(ada.personId());

    Mesh.publish(
        Topics.INBOUND_CLIENT, receipt(conversation, boDevice, ReceiptStatus.DELIVERED, message));
    Mesh.publish(
        Topics.INBOUND_CLIENT, receipt(conversation, adaDevice, ReceiptStatus.READ, message));
    assertThat(status.drain(SETTLE)).isEmpty();
  }

  @Test
  void aReceiptCountsForTheMessagesItsReaderReachesAndNoOthers() {
    AccountRef adaDevice = account(Platform.SWITCHBOARD);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    AccountRef boDevice = account(Platform.SWITCHBOARD);
    AccountRef cyDevice = account(Platform.SWITCHBOARD);
    Person ada =
        linked(
            Person.of(adaDevice, adaMessenger)
                .controls(Mesh.inboxFromEveryone(Platform.MESSENGER)));
    Person bo = linked(Person.of(boDevice).controls(Mesh.inboxFromEveryone(Platform.SWITCHBOARD)));
    linked(Person.of(cyDevice));
    String conversation = direct(ada, bo);
    MeshEvent<MessageCreated> one = clientMessage(conversation, adaDevice, "One");
    MeshEvent<MessageCreated> two = clientMessage(conversation, adaDevice, "Two");
    Mesh.publish(Topics.INBOUND_CLIENT, one);
    Mesh.publish(Topics.INBOUND_CLIENT, two);
    awaitRows(conversation, 2);

    // A member names both messages and one that no one wrote, in one receipt; Cy, no member,
    // names one of them.
    Mesh.publish(
        Topics.INBOUND_CLIENT,
        receipt(
            conversation,
            boDevice,
            ReceiptStatus.DELIVERED,
            List.of(two.data().messageId(), "no-such-message", one.data().messageId())));
    Mesh.publish(
        Topics.INBOUND_CLIENT,
        receipt(conversation, cyDevice, ReceiptStatus.READ, List.of(one.data().messageId())));
    Receipt delivered = awaitData(status, r -> r.key().equals(conversation));
    assertThat(delivered.account()).isEqualTo(boDevice);
    assertThat(delivered.messageIds())
        .containsExactlyInAnyOrder(one.data().messageId(), two.data().messageId());

    // An app conversation: someone on Messenger, with no person, writes to Ada there, and Ada
    // answers from her device. The Messenger user reaches the answer as an account of the
    // conversation; another Messenger user does not.
    AccountRef stranger = account(Platform.MESSENGER);
    AccountRef other = account(Platform.MESSENGER);
    String app = "messenger:" + adaMessenger.accountId() + ":" + stranger.accountId();
    Mesh.publish(Topics.INBOUND_MESSENGER, messengerMessage(app, stranger, adaMessenger, "Hi"));
    awaitRows(app, 1);
    MeshEvent<MessageCreated> answer = clientMessage(app, adaDevice, "Hello");
    Mesh.publish(Topics.INBOUND_CLIENT, answer);
    awaitRows(app, 2);
    Mesh.publish(
        Topics.INBOUND_MESSENGER,
        receipt(app, other, ReceiptStatus.READ, List.of(answer.data().messageId())));
    Mesh.publish(
        Topics.INBOUND_MESSENGER,
        receipt(app, stranger, ReceiptStatus.DELIVERED, List.of(answer.data().messageId())));
    Receipt reached = awaitData(status, r -> r.key().equals(app));
    assertThat(reached.account()).isEqualTo(stranger);
    assertThat(reached.status()).isEqualTo(ReceiptStatus.DELIVERED);
    assertThat(reached.messageIds()).containsExactly(answer.data().messageId());

    assertThat(status.drain(SETTLE)).isEmpty();
  }

  @Test
  void typingReachesTheOtherMembersAndStaleTypingNoOne() {
    AccountRef adaDevice = account(Platform.SWITCHBOARD);
    AccountRef boDevice = account(Platform.SWITCHBOARD);
    Person ada = linked(Person.of(adaDevice));
    Person bo = linked(Person.of(boDevice).controls(Mesh.inboxFromEveryone(Platform.SWITCHBOARD)));
    String conversation = direct(ada, bo);
    Mesh.publish(Topics.INBOUND_CLIENT, clientMessage(conversation, adaDevice, "hi"));
    awaitRows(conversation, 1);

    Mesh.publish(
        Topics.TYPING,
        event(new Typing(conversation, boDevice, false, Instant.now().minusSeconds(5))));
    Mesh.publish(
        Topics.TYPING,
        event(new Typing(conversation, boDevice, true, Instant.now().plusSeconds(6))));

    JsonNode push = awaitPush(conversation, "typing");
    assertThat(push.path("personIds").toString())
        .contains(ada.personId())
        .doesNotContain(bo.personId());
    assertThat(push.path("frame").asText()).contains("\"typing\":true");
  }

  private Person linked(Person person) {
    person.publish(1);
    for (AccountRef account : person.accounts()) {
      await().atMost(TIMEOUT).until(() -> routing.view().find(account).isPresent());
    }
    return person;
  }

  private static String direct(Person a, Person b) {
    return a.personId().compareTo(b.personId()) < 0
        ? "sb:dm:" + a.personId() + ":" + b.personId()
        : "sb:dm:" + b.personId() + ":" + a.personId();
  }

  private static MeshEvent<MessageCreated> clientMessage(
      String conversationId, AccountRef device, String text) {
    String id = EventIds.random();
    Instant now = Instant.now();
    return event(
        id,
        new MessageCreated(
            conversationId, "sb." + id, device, null, text(text), null, null, "n-" + id, now, now));
  }

  private static MeshEvent<MessageCreated> messengerMessage(
      String conversationId, AccountRef from, AccountRef to, String text) {
    Instant now = Instant.now();
    return event(
        EventIds.random(),
        new MessageCreated(
            conversationId,
            "m_" + UUID.randomUUID(),
            from,
            to,
            text(text),
            null,
            null,
            null,
            now,
            now));
  }

  private static MeshEvent<MessageCreated> messengerToBusiness(AccountRef from, String text) {
    return messengerMessage(
        "messenger:" + Mesh.MESSENGER_BUSINESS + ":" + from.accountId(),
        from,
        AccountRef.of(Platform.MESSENGER, Mesh.MESSENGER_BUSINESS),
        text);
  }

  private static MeshEvent<ConversationChanged> change(
      String group,
      AccountRef actor,
      ConversationChange kind,
      List<String> members,
      String name,
      String theme) {
    return event(new ConversationChanged(group, actor, kind, members, name, theme, Instant.now()));
  }

  private static MeshEvent<Receipt> receipt(
      String conversationId, AccountRef reader, ReceiptStatus state, MeshEvent<MessageCreated> of) {
    return receipt(conversationId, reader, state, List.of(of.data().messageId()));
  }

  private static MeshEvent<Receipt> receipt(
      String conversationId, AccountRef reader, ReceiptStatus state, List<String> messageIds) {
    Instant now = Instant.now();
    return event(
        new Receipt(conversationId, reader, state, messageIds, null, null, null, now, now));
  }

  private static <T extends EventData> MeshEvent<T> event(T data) {
    return event(EventIds.random(), data);
  }

  private static <T extends EventData> MeshEvent<T> event(String id, T data) {
    return MeshEvent.of(id, MeshEvent.sourceOf("gateway-service"), Instant.now(), data);
  }

  @SuppressWarnings("unchecked")
  private <T extends EventData> T awaitData(
      TopicProbe probe, Predicate<ConsumerRecord<String, byte[]>> wanted) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : probe.drain(Duration.ofMillis(200))) {
        if (wanted.test(record)) {
          return (T) MeshEventRecords.fromRecord(record).data();
        }
      }
    }
    throw new AssertionError("no wanted record in time");
  }

  /** The next record on gateway.pushes for the conversation whose frame has the type. */
  private JsonNode awaitPush(String conversationId, String frameType) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      seen.addAll(pushes.drain(Duration.ofMillis(200)));
      for (ConsumerRecord<String, byte[]> record : seen) {
        JsonNode push = json(record.value());
        if (conversationId.equals(record.key())
            && json(push.path("frame").asText().getBytes(StandardCharsets.UTF_8))
                .path("type")
                .asText()
                .equals(frameType)) {
          seen.remove(record);
          return push;
        }
      }
    }
    throw new AssertionError("no " + frameType + " push for " + conversationId);
  }

  private static JsonNode json(byte[] bytes) {
    try {
      return EventCodec.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private List<Row> awaitRows(String conversationId, int count) {
    await().atMost(TIMEOUT).until(() -> awaitRowsNow(conversationId).size() >= count);
    return awaitRowsNow(conversationId);
  }

  private List<Row> awaitRowsNow(String conversationId) {
    List<Row> rows = new ArrayList<>();
    pool.preparedQuery(
            "SELECT seq, event_id, event_type, sender_person_id FROM gateway.messages"
                + " WHERE conversation_id = $1 ORDER BY seq")
        .execute(Tuple.of(conversationId))
        .await()
        .atMost(TIMEOUT)
        .forEach(rows::add);
    return rows;
  }

  private List<String> members(String conversationId) {
    List<String> persons = new ArrayList<>();
    pool.preparedQuery(
            "SELECT person_id FROM gateway.conversation_members WHERE conversation_id = $1")
        .execute(Tuple.of(conversationId))
        .await()
        .atMost(TIMEOUT)
        .forEach(row -> persons.add(row.getString(0)));
    return persons;
  }

  private String name(String conversationId) {
    return pool.preparedQuery("SELECT name FROM gateway.conversations WHERE id = $1")
        .execute(Tuple.of(conversationId))
        .await()
        .atMost(TIMEOUT)
        .iterator()
        .next()
        .getString(0);
  }
}
