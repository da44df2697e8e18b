package io.switchboard.gateway.fanout;

import static io.switchboard.gateway.Mesh.account;
import static io.switchboard.gateway.Mesh.inboxFromEveryone;
import static io.switchboard.gateway.Mesh.instagramMessage;
import static io.switchboard.gateway.Mesh.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.data.AccountRoute.DeliveryPreference;
import io.switchboard.events.data.AccountRoute.MessageControl;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.Mesh;
import io.switchboard.gateway.Mesh.Person;
import io.switchboard.gateway.relay.OtherReplica;
import io.switchboard.gateway.relay.ReplicaLease;
import io.switchboard.gateway.routing.RoutingViewLoader;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class FanoutTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject RoutingViewLoader routing;
  @Inject Pool pool;
  @Inject MeterRegistry metrics;
  @Inject ReplicaLease lease;

  private TopicProbe messenger;
  private TopicProbe status;

  @BeforeEach
  void openProbes() {
    String kafka = SharedDevstack.endpoints().kafkaBootstrapServers();
    messenger = TopicProbe.fromNow(kafka, Topics.OUTBOUND_MESSENGER);
    status = TopicProbe.fromNow(kafka, Topics.DELIVERY_STATUS);
  }

  @AfterEach
  void closeProbes() {
    messenger.close();
    status.close();
  }

  @Test
  void sendsAnInstagramMessageToTheRecipientsMessengerAccountAndLogsItOnce() {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    Person ada =
        linked(
            Person.of(adaInstagram, adaMessenger).controls(inboxFromEveryone(Platform.INSTAGRAM)));
    AccountRef stranger = account(Platform.INSTAGRAM);
    long timedBefore = metrics.timer("switchboard.gateway.fanout.record").count();

    MeshEvent<MessageCreated> event =
        instagramMessage(stranger, adaInstagram, text("See you at noon?"));
    Mesh.publish(Topics.INBOUND_INSTAGRAM, event);

    MessageCreated out = awaitOutbound(adaMessenger);
    assertThat(metrics.timer("switchboard.gateway.fanout.record").count())
        .isGreaterThan(timedBefore);
    assertThat(out.conversationId())
        .isEqualTo("messenger:" + Mesh.MESSENGER_BUSINESS + ":" + adaMessenger.accountId());
    assertThat(out.sender()).isEqualTo(AccountRef.of(Platform.MESSENGER, Mesh.MESSENGER_BUSINESS));
    assertThat(out.recipient()).isEqualTo(adaMessenger);
    assertThat(out.content()).isEqualTo(text("See you at noon?"));
    assertThat(out.messageId()).isEqualTo(event.data().messageId());
    assertThat(out.sequence()).isEqualTo(1L);

    List<Row> rows = awaitRows(event.data().conversationId(), 1);
    assertThat(rows.get(0).getLong("seq")).isEqualTo(1L);
    assertThat(rows.get(0).getString("event_id")).isEqualTo(event.id());
    assertThat(rows.get(0).getBoolean("request")).isFalse();
    assertThat(rows.get(0).getString("message_id")).isEqualTo(event.data().messageId());
    assertThat(members(event.data().conversationId())).containsExactly(ada.personId());
  }

  @Test
  void theSameEventTwiceIsLoggedAndSentOnce() {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    linked(Person.of(adaInstagram, adaMessenger).controls(inboxFromEveryone(Platform.INSTAGRAM)));
    AccountRef stranger = account(Platform.INSTAGRAM);
    MeshEvent<MessageCreated> first = instagramMessage(stranger, adaInstagram, text("one"));
    MeshEvent<MessageCreated> second = instagramMessage(stranger, adaInstagram, text("two"));

    Mesh.publish(Topics.INBOUND_INSTAGRAM, first);
    Mesh.publish(Topics.INBOUND_INSTAGRAM, first);
    Mesh.publish(Topics.INBOUND_INSTAGRAM, second);

    List<Row> rows = awaitRows(first.data().conversationId(), 2);
    assertThat(rows)
        .extracting(r -> r.getString("event_id"))
        .containsExactly(first.id(), second.id());
    assertThat(rows).extracting(r -> r.getLong("seq")).containsExactly(1L, 2L);
    List<MessageCreated> sent = outboundFor(adaMessenger, 2);
    assertThat(sent).extracting(MessageCreated::sequence).containsExactly(1L, 2L);
    assertThat(outboundFor(adaMessenger, Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  void aCopyArrivingWhileTheFirstFanOutIsBeingMarkedIsNotSentAgain() throws InterruptedException {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    linked(Person.of(adaInstagram, adaMessenger).controls(inboxFromEveryone(Platform.INSTAGRAM)));
    // Each event's copy follows it a little later than the last one's: some land in the same poll,
    // some while the first copy's fan-out is handed and its mark is committing, some after.
    List<String> messageIds = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      MeshEvent<MessageCreated> event =
          instagramMessage(account(Platform.INSTAGRAM), adaInstagram, text("copy " + i));
      messageIds.add(event.data().messageId());
      Mesh.publish(Topics.INBOUND_INSTAGRAM, event);
      Thread.sleep(i * 3L);
      Mesh.publish(Topics.INBOUND_INSTAGRAM, event);
    }

    assertThat(outboundFor(adaMessenger, 20))
        .extracting(MessageCreated::messageId)
        .containsExactlyInAnyOrderElementsOf(messageIds);
    assertThat(outboundFor(adaMessenger, Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  void aBurstOverSeveralConversationsKeepsEachOnesOrderAndFinishesEveryFanOut() {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    linked(Person.of(adaInstagram, adaMessenger).controls(inboxFromEveryone(Platform.INSTAGRAM)));
    List<AccountRef> strangers =
        List.of(
            account(Platform.INSTAGRAM), account(Platform.INSTAGRAM), account(Platform.INSTAGRAM));
    List<MeshEvent<MessageCreated>> published = new ArrayList<>();
    // Interleaved, as fast as the producer takes them: the fan-out reads them in few polls and
    // works on the three conversations at once.
    for (int i = 0; i < 5; i++) {
      for (AccountRef stranger : strangers) {
        MeshEvent<MessageCreated> event =
            instagramMessage(stranger, adaInstagram, text("message " + i));
        published.add(event);
        Mesh.publish(Topics.INBOUND_INSTAGRAM, event);
      }
    }

    for (int c = 0; c < strangers.size(); c++) {
      String conversationId = published.get(c).data().conversationId();
      List<String> inOrder =
          published.stream()
              .filter(e -> e.data().conversationId().equals(conversationId))
              .map(MeshEvent::id)
              .toList();
      assertThat(awaitRows(conversationId, 5))
          .extracting(r -> r.getString("event_id"))
          .containsExactlyElementsOf(inOrder);
    }
    // Ada's Messenger gets all fifteen, each conversation's in its order and numbered as logged.
    List<MessageCreated> sent = outboundFor(adaMessenger, 15);
    assertThat(sent).hasSize(15);
    for (int c = 0; c < strangers.size(); c++) {
      String conversationId = published.get(c).data().conversationId();
      List<String> messageIds =
          published.stream()
              .map(MeshEvent::data)
              .filter(m -> m.conversationId().equals(conversationId))
              .map(MessageCreated::messageId)
              .toList();
      List<MessageCreated> ofConversation =
          sent.stream().filter(m -> messageIds.contains(m.messageId())).toList();
      assertThat(ofConversation).extracting(MessageCreated::messageId).isEqualTo(messageIds);
      assertThat(ofConversation)
          .extracting(MessageCreated::sequence)
          .containsExactly(1L, 2L, 3L, 4L, 5L);
    }
    List<String> ids = published.stream().map(MeshEvent::id).toList();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                pool.preparedQuery(
                            "SELECT count(*) FROM gateway.messages"
                                + " WHERE event_id = ANY($1::text[]) AND fanned_out")
                        .execute(Tuple.of(ids.toArray(String[]::new)))
                        .await()
                        .atMost(TIMEOUT)
                        .iterator()
                        .next()
                        .getLong(0)
                    == ids.size());
  }

  @Test
  void aRedeliveredEventWhoseFanOutDidNotFinishIsSentAgainButNotLoggedAgain() {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    linked(Person.of(adaInstagram, adaMessenger).controls(inboxFromEveryone(Platform.INSTAGRAM)));
    MeshEvent<MessageCreated> event =
        instagramMessage(account(Platform.INSTAGRAM), adaInstagram, text("crash after append"));
    String conversationId = event.data().conversationId();
    // What a crash between the log append and Kafka's acknowledgement of the fan-out leaves.
    pool.withTransaction(
            conn ->
                conn.preparedQuery(
                        "INSERT INTO gateway.conversations (id, kind, last_seq) VALUES ($1, 'direct', 1)")
                    .execute(Tuple.of(conversationId))
                    .chain(
                        () ->
                            conn.preparedQuery(
                                    "INSERT INTO gateway.messages (conversation_id, seq, event_id,"
                                        + " event_type, platform, sender_platform, sender_account,"
                                        + " data) VALUES ($1, 1, $2, $3, 'instagram', 'instagram',"
                                        + " $4, '{}'::jsonb)")
                                .execute(
                                    Tuple.of(
                                        conversationId,
                                        event.id(),
                                        event.type().ceType(),
                                        event.data().sender().accountId()))))
        .await()
        .atMost(TIMEOUT);

    Mesh.publish(Topics.INBOUND_INSTAGRAM, event);

    assertThat(outboundFor(adaMessenger, 1))
        .extracting(MessageCreated::sequence)
        .containsExactly(1L);
    await().atMost(TIMEOUT).until(() -> fannedOut(event).orElse(false));
    assertThat(rowsOf(conversationId)).hasSize(1);
  }

  @Test
  void anUnlinkedAccountGetsNothing() {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    Person ada =
        linked(
            Person.of(adaInstagram, adaMessenger).controls(inboxFromEveryone(Platform.INSTAGRAM)));
    Mesh.tombstone(adaMessenger);
    new Person(
            ada.personId(), List.of(adaInstagram), true, ada.delivery(), ada.controls(), List.of())
        .publish(2);
    await().atMost(TIMEOUT).until(() -> routing.view().find(adaMessenger).isEmpty());
    MeshEvent<MessageCreated> event =
        instagramMessage(account(Platform.INSTAGRAM), adaInstagram, text("anyone?"));

    Mesh.publish(Topics.INBOUND_INSTAGRAM, event);

    awaitRows(event.data().conversationId(), 1);
    assertThat(outboundFor(adaMessenger, Duration.ofSeconds(2))).isEmpty();
  }

  @Test
  void aBlockedSenderReachesNobody() {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    AccountRef bobInstagram = account(Platform.INSTAGRAM);
    Person bob = linked(Person.of(bobInstagram));
    linked(
        Person.of(adaInstagram, adaMessenger)
            .controls(inboxFromEveryone(Platform.INSTAGRAM))
            .blocking(bob));
    AccountRef carol = account(Platform.INSTAGRAM);
    MeshEvent<MessageCreated> blocked = instagramMessage(bobInstagram, adaInstagram, text("hi"));
    MeshEvent<MessageCreated> marker = inSameConversation(carol, blocked, "after");

    Mesh.publish(Topics.INBOUND_INSTAGRAM, blocked);
    Mesh.publish(Topics.INBOUND_INSTAGRAM, marker);

    List<Row> rows = awaitRows(blocked.data().conversationId(), 1);
    assertThat(rows).extracting(r -> r.getString("event_id")).containsExactly(marker.id());
    assertThat(outboundFor(adaMessenger, 1))
        .extracting(MessageCreated::content)
        .containsExactly(text("after"));
  }

  @Test
  void withoutCrossAppConsentNothingCrossesApps() {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    linked(
        Person.of(adaInstagram, adaMessenger)
            .crossApp(false)
            .controls(inboxFromEveryone(Platform.INSTAGRAM)));
    AccountRef stranger = account(Platform.INSTAGRAM);

    Mesh.publish(Topics.INBOUND_INSTAGRAM, instagramMessage(stranger, adaInstagram, text("x")));

    assertThat(outboundFor(adaMessenger, Duration.ofSeconds(4))).isEmpty();
  }

  @Test
  void refusedSendersAreDroppedAndRequestsStayOffOtherApps() {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    linked(
        Person.of(adaInstagram, adaMessenger)
            .controls(new MessageControl(Platform.INSTAGRAM, "inbox", "refused")));
    AccountRef refused = account(Platform.INSTAGRAM);
    MeshEvent<MessageCreated> dropped = instagramMessage(refused, adaInstagram, text("no"));
    Mesh.publish(Topics.INBOUND_INSTAGRAM, dropped);

    AccountRef bobInstagram = account(Platform.INSTAGRAM);
    AccountRef bobMessenger = account(Platform.MESSENGER);
    linked(Person.of(bobInstagram, bobMessenger));
    MeshEvent<MessageCreated> request = instagramMessage(refused, bobInstagram, text("hello?"));
    Mesh.publish(Topics.INBOUND_INSTAGRAM, request);
    // Ada writing into the same conversation is known to herself: it lands after the refusal.
    MeshEvent<MessageCreated> marker = inSameConversation(adaMessenger, dropped, "mine");
    Mesh.publish(Topics.INBOUND_INSTAGRAM, marker);

    List<Row> requests = awaitRows(request.data().conversationId(), 1);
    assertThat(requests.get(0).getBoolean("request")).isTrue();
    assertThat(awaitRows(dropped.data().conversationId(), 1))
        .extracting(r -> r.getString("event_id"))
        .containsExactly(marker.id());
    assertThat(outboundFor(bobMessenger, Duration.ofSeconds(3))).isEmpty();
    assertThat(outboundFor(adaMessenger, Duration.ofSeconds(1))).isEmpty();
  }

  @Test
  void theDeliveryPreferencePicksTheApps() {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    AccountRef adaWhatsapp = account(Platform.WHATSAPP);
    linked(
        Person.of(adaInstagram, adaMessenger, adaWhatsapp)
            .controls(inboxFromEveryone(Platform.INSTAGRAM))
            .delivery(new DeliveryPreference("preferred", Platform.WHATSAPP, null)));
    TopicProbe whatsapp =
        TopicProbe.fromNow(
            SharedDevstack.endpoints().kafkaBootstrapServers(), Topics.OUTBOUND_WHATSAPP);
    try (whatsapp) {
      Mesh.publish(
          Topics.INBOUND_INSTAGRAM,
          instagramMessage(account(Platform.INSTAGRAM), adaInstagram, text("pick me")));

      MessageCreated out =
          decode(
              whatsapp.await(1, TIMEOUT).stream()
                  .filter(r -> r.key().endsWith(":" + adaWhatsapp.accountId()))
                  .findFirst()
                  .orElseThrow());
      assertThat(out.recipient()).isEqualTo(adaWhatsapp);
      assertThat(outboundFor(adaMessenger, Duration.ofSeconds(2))).isEmpty();
    }
  }

  @Test
  void sealedContentWithoutAnEndToEndEndpointIsReportedFailed() {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    linked(Person.of(adaInstagram, adaMessenger).controls(inboxFromEveryone(Platform.INSTAGRAM)));
    SealedContent sealed =
        new SealedContent(
            "HPKE-X25519-HKDF-SHA256-AES-128-GCM",
            "dk_sender",
            List.of(new SealedEnvelope("dk_ada", "AAAA", "BBBB")));
    // The sender is linked: their devices hear that it went nowhere, and why.
    AccountRef sender = account(Platform.INSTAGRAM);
    Person bo = linked(Person.of(sender));
    MeshEvent<MessageCreated> event = instagramMessage(sender, adaInstagram, sealed);
    OtherReplica.hold(pool, lease);
    TopicProbe pushes = pushesFromNow();
    try (pushes) {
      Mesh.publish(Topics.INBOUND_INSTAGRAM, event);

      Receipt receipt = awaitRecord(status, event.data().conversationId(), Receipt.class);
      assertThat(receipt.status()).isEqualTo(ReceiptStatus.FAILED);
      assertThat(receipt.errorCode()).isEqualTo("recipient-has-no-e2e-endpoint");
      assertThat(receipt.messageIds()).containsExactly(event.data().messageId());
      assertThat(outboundFor(adaMessenger, Duration.ofSeconds(1))).isEmpty();
      String push =
          pushes.await(2, TIMEOUT).stream()
              .map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))
              .filter(v -> v.contains("recipient-has-no-e2e-endpoint"))
              .findFirst()
              .orElseThrow();
      assertThat(push).contains(bo.personId()).contains("\\\"status\\\":\\\"failed\\\"");
    } finally {
      OtherReplica.release(pool, lease);
    }
  }

  @Test
  void aReplicaAloneWritesNoPushRecordsAndWritesThemOnceAnotherHoldsALease() {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    AccountRef adaMessenger = account(Platform.MESSENGER);
    linked(Person.of(adaInstagram, adaMessenger).controls(inboxFromEveryone(Platform.INSTAGRAM)));
    TopicProbe pushes = pushesFromNow();
    try (pushes) {
      // (A lease of an earlier instance of this application in the same test run runs out first.)
      await().atMost(TIMEOUT).until(() -> !lease.othersMayListen());
      MeshEvent<MessageCreated> alone =
          instagramMessage(account(Platform.INSTAGRAM), adaInstagram, text("just us"));
      Mesh.publish(Topics.INBOUND_INSTAGRAM, alone);
      awaitOutbound(adaMessenger);
      assertThat(pushes.drain(Duration.ofSeconds(1)))
          .noneMatch(r -> alone.data().conversationId().equals(r.key()));

      OtherReplica.hold(pool, lease);
      MeshEvent<MessageCreated> beside =
          instagramMessage(account(Platform.INSTAGRAM), adaInstagram, text("not alone"));
      Mesh.publish(Topics.INBOUND_INSTAGRAM, beside);
      awaitOutbound(adaMessenger);
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  pushes.drain(Duration.ofMillis(200)).stream()
                      .anyMatch(r -> beside.data().conversationId().equals(r.key())));
    } finally {
      OtherReplica.release(pool, lease);
    }
  }

  @Test
  void aFanOutThatSendsNothingThroughKafkaIsStoredFannedOutAndOneThatSendsIsMarkedLater() {
    AccountRef adaInstagram = account(Platform.INSTAGRAM);
    linked(Person.of(adaInstagram).controls(inboxFromEveryone(Platform.INSTAGRAM)));
    AccountRef benInstagram = account(Platform.INSTAGRAM);
    AccountRef benMessenger = account(Platform.MESSENGER);
    linked(Person.of(benInstagram, benMessenger).controls(inboxFromEveryone(Platform.INSTAGRAM)));
    await().atMost(TIMEOUT).until(() -> !lease.othersMayListen());
    // Ada uses no other app, and no other replica runs: her message only reaches devices here.
    MeshEvent<MessageCreated> quiet =
        instagramMessage(account(Platform.INSTAGRAM), adaInstagram, text("only devices"));
    MeshEvent<MessageCreated> sending =
        instagramMessage(account(Platform.INSTAGRAM), benInstagram, text("to messenger too"));

    Mesh.publish(Topics.INBOUND_INSTAGRAM, quiet);
    Mesh.publish(Topics.INBOUND_INSTAGRAM, sending);

    awaitOutbound(benMessenger);
    await().atMost(TIMEOUT).until(() -> fannedOut(sending).orElse(false));
    assertThat(fannedOut(quiet)).contains(true);
    assertThat(untouchedSinceAppended(quiet)).isTrue();
    assertThat(untouchedSinceAppended(sending)).isFalse();
  }

  private Optional<Boolean> fannedOut(MeshEvent<?> event) {
    RowSet<Row> rows =
        pool.preparedQuery("SELECT fanned_out FROM gateway.messages WHERE event_id = $1")
            .execute(Tuple.of(event.id()))
            .await()
            .atMost(TIMEOUT);
    return rows.iterator().hasNext()
        ? Optional.of(rows.iterator().next().getBoolean(0))
        : Optional.empty();
  }

  /**
   * Whether the event's row is as its append stored it: written by the transaction that last
   * numbered its conversation (the only message of that conversation), not by a later mark.
   */
  private boolean untouchedSinceAppended(MeshEvent<?> event) {
    return pool.preparedQuery(
            "SELECT m.xmin::text = c.xmin::text FROM gateway.messages m"
                + " JOIN gateway.conversations c ON c.id = m.conversation_id"
                + " WHERE m.event_id = $1")
        .execute(Tuple.of(event.id()))
        .await()
        .atMost(TIMEOUT)
        .iterator()
        .next()
        .getBoolean(0);
  }

  private static TopicProbe pushesFromNow() {
    return TopicProbe.fromNow(
        SharedDevstack.endpoints().kafkaBootstrapServers(), Topics.GATEWAY_PUSHES);
  }

  private Person linked(Person person) {
    person.publish(1);
    for (AccountRef account : person.accounts()) {
      await().atMost(TIMEOUT).until(() -> routing.view().find(account).isPresent());
    }
    return person;
  }

  private static MeshEvent<MessageCreated> inSameConversation(
      AccountRef from, MeshEvent<MessageCreated> other, String text) {
    MeshEvent<MessageCreated> fresh = instagramMessage(from, other.data().recipient(), text(text));
    MessageCreated d = fresh.data();
    MessageCreated moved =
        new MessageCreated(
            other.data().conversationId(),
            d.messageId(),
            d.sender(),
            d.recipient(),
            d.content(),
            null,
            null,
            null,
            d.sentAt(),
            d.receivedAt());
    return new MeshEvent<>(
        fresh.id(), fresh.source(), EventType.MESSAGE_CREATED, fresh.time(), moved);
  }

  private final List<ConsumerRecord<String, byte[]>> seenOnMessenger = new ArrayList<>();

  private MessageCreated awaitOutbound(AccountRef target) {
    return outboundFor(target, 1).get(0);
  }

  /** Waits for {@code count} records addressed to {@code target} on outbound.messenger. */
  private List<MessageCreated> outboundFor(AccountRef target, int count) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      List<MessageCreated> found = matching(target);
      if (found.size() >= count) {
        seenOnMessenger.removeIf(r -> r.key().endsWith(":" + target.accountId()));
        return found;
      }
      assertThat(System.nanoTime()).as("records for the account in time").isLessThan(deadline);
      seenOnMessenger.addAll(messenger.drain(Duration.ofMillis(200)));
    }
  }

  /** What arrives for {@code target} on outbound.messenger within {@code window}. */
  private List<MessageCreated> outboundFor(AccountRef target, Duration window) {
    seenOnMessenger.addAll(messenger.drain(window));
    return matching(target);
  }

  private List<MessageCreated> matching(AccountRef target) {
    return seenOnMessenger.stream()
        .filter(r -> r.key().endsWith(":" + target.accountId()))
        .map(FanoutTest::decode)
        .toList();
  }

  private static <T extends EventData> T awaitRecord(TopicProbe probe, String key, Class<T> type) {
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      seen.addAll(probe.drain(Duration.ofMillis(200)));
      for (ConsumerRecord<String, byte[]> record : seen) {
        if (record.key().equals(key)) {
          return type.cast(MeshEventRecords.fromRecord(record).data());
        }
      }
    }
    throw new AssertionError("no record for " + key);
  }

  private static MessageCreated decode(ConsumerRecord<String, byte[]> record) {
    return (MessageCreated) MeshEventRecords.fromRecord(record).data();
  }

  private List<Row> awaitRows(String conversationId, int count) {
    await().atMost(TIMEOUT).until(() -> rowsOf(conversationId).size() >= count);
    return rowsOf(conversationId);
  }

  private List<Row> rowsOf(String conversationId) {
    List<Row> rows = new ArrayList<>();
    pool.preparedQuery(
            "SELECT seq, event_id, request, data->>'messageId' AS message_id FROM gateway.messages WHERE conversation_id = $1"
                + " ORDER BY seq")
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
}
