package io.switchboard.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventType;
import io.switchboard.events.Platform;
import io.switchboard.gateway.log.ConversationLog.Appended;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The conversation log against the real database: appends from many conversations, the inbox. */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class ConversationLogTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Inject ConversationLog log;
  @Inject ConversationLookup lookup;
  @Inject Pool pool;
  @Inject MeterRegistry metrics;

  @Test
  void concurrentAppendsShareStatementsAndEachConversationIsNumberedInOrder() {
    List<String> conversations = new ArrayList<>();
    List<List<String>> eventsOf = new ArrayList<>();
    List<CompletableFuture<Appended>> answers = new ArrayList<>();
    // Three rounds over twenty conversations, all asked at once: the first appends run alone, the
    // rest wait for them and go together; each conversation's three stay in their order.
    for (int c = 0; c < 20; c++) {
      conversations.add(newConversation());
      eventsOf.add(new ArrayList<>());
    }
    for (int round = 0; round < 3; round++) {
      for (int c = 0; c < conversations.size(); c++) {
        String eventId = UUID.randomUUID().toString();
        eventsOf.get(c).add(eventId);
        // Every other sender is not linked to a person; one message in three is a request.
        LogEntry entry =
            entry(conversations.get(c), eventId, c % 2 == 0 ? "person-" + c : null, round == 1);
        answers.add(
            submit(
                log.append(
                    entry,
                    List.of("person-" + c, "ada"),
                    List.of(
                        AccountRef.of(Platform.MESSENGER, "m-" + c),
                        AccountRef.of(Platform.INSTAGRAM, "i-" + c)),
                    false)));
      }
    }

    answers.forEach(CompletableFuture::join);
    assertThat(answers).allSatisfy(a -> assertThat(a.join().fresh()).isTrue());
    for (int c = 0; c < conversations.size(); c++) {
      List<Row> rows = rows(conversations.get(c));
      assertThat(rows).extracting(r -> r.getLong("seq")).containsExactly(1L, 2L, 3L);
      assertThat(rows).extracting(r -> r.getString("event_id")).isEqualTo(eventsOf.get(c));
      assertThat(rows).extracting(r -> r.getBoolean("request")).containsExactly(false, true, false);
      assertThat(rows.get(0).getString("sender_person_id"))
          .isEqualTo(c % 2 == 0 ? "person-" + c : null);
      assertThat(rows.get(0).getString("message_id")).isEqualTo("msg-" + eventsOf.get(c).get(0));
      assertThat(strings("conversation_members", "person_id", conversations.get(c)))
          .containsExactlyInAnyOrder("person-" + c, "ada");
      assertThat(strings("conversation_accounts", "account_id", conversations.get(c)))
          .containsExactlyInAnyOrder("m-" + c, "i-" + c);
    }
    for (int c = 0; c < conversations.size(); c++) {
      for (int round = 0; round < 3; round++) {
        assertThat(answers.get(round * conversations.size() + c).join().seq())
            .isEqualTo(round + 1L);
      }
    }
    DistributionSummary perStatement =
        metrics.find("switchboard.gateway.log.appends.per.statement").summary();
    assertThat(perStatement.max()).isGreaterThan(1);
  }

  @Test
  void anEventAlreadyLoggedGetsItsFirstNumberInAStatementWithOthers() {
    String conversation = newConversation();
    LogEntry first = entry(conversation, UUID.randomUUID().toString(), "ada", false);
    Appended stored = log.append(first, List.of("ada"), List.of(), false).await().atMost(TIMEOUT);

    List<CompletableFuture<Appended>> others = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      others.add(submit(log.appendTo(entry(newConversation(), null), false)));
    }
    CompletableFuture<Appended> again = submit(log.appendTo(first, false));
    CompletableFuture<Appended> next =
        submit(
            log.appendTo(entry(conversation, UUID.randomUUID().toString(), "ada", false), false));

    assertThat(again.join()).isEqualTo(new Appended(stored.seq(), false, false));
    assertThat(next.join().seq()).isEqualTo(stored.seq() + 1);
    assertThat(others)
        .allSatisfy(a -> assertThat(a.join()).isEqualTo(new Appended(1, true, false)));
    assertThat(rows(conversation)).hasSize(2);
  }

  @Test
  void anEntryWhoseFanOutSendsNothingIsStoredFannedOutAndOthersOnlyOnceMarked() {
    String conversation = newConversation();
    LogEntry quiet = entry(conversation, UUID.randomUUID().toString(), "ada", false);
    LogEntry sending = entry(conversation, UUID.randomUUID().toString(), "ada", false);

    assertThat(log.append(quiet, List.of("ada"), List.of(), true).await().atMost(TIMEOUT))
        .isEqualTo(new Appended(1, true, true));
    assertThat(log.appendTo(sending, false).await().atMost(TIMEOUT))
        .isEqualTo(new Appended(2, true, false));
    // Copies read again: the first is a duplicate at once, the second only once marked.
    assertThat(log.appendTo(quiet, false).await().atMost(TIMEOUT))
        .isEqualTo(new Appended(1, false, true));
    assertThat(log.appendTo(sending, true).await().atMost(TIMEOUT))
        .isEqualTo(new Appended(2, false, false));
    assertThat(rows(conversation))
        .extracting(r -> r.getBoolean("fanned_out"))
        .containsExactly(true, false);

    log.markFannedOut(List.of(sending.eventId())).await().atMost(TIMEOUT);

    assertThat(log.appendTo(sending, false).await().atMost(TIMEOUT))
        .isEqualTo(new Appended(2, false, true));
  }

  @Test
  void aStatementThatMeetsARacingCopyIsDoneEntryByEntry() {
    // The same event id in two conversations at once: the shared statement fails on event_id and
    // rolls back; entry by entry, the first stores it and the second is told its number.
    String eventId = UUID.randomUUID().toString();
    String one = newConversation();
    String other = newConversation();
    List<CompletableFuture<Appended>> fillers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fillers.add(submit(log.appendTo(entry(newConversation(), null), false)));
    }
    CompletableFuture<Appended> first =
        submit(log.appendTo(entry(one, eventId, null, false), false));
    CompletableFuture<Appended> copy =
        submit(log.appendTo(entry(other, eventId, null, false), false));
    List<CompletableFuture<Appended>> after = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      after.add(submit(log.appendTo(entry(newConversation(), null), false)));
    }

    assertThat(fillers).allSatisfy(a -> assertThat(a.join().fresh()).isTrue());
    assertThat(after).allSatisfy(a -> assertThat(a.join()).isEqualTo(new Appended(1, true, false)));
    assertThat(List.of(first.join(), copy.join()))
        .containsExactlyInAnyOrder(new Appended(1, true, false), new Appended(1, false, false));
    long logged =
        pool.preparedQuery("SELECT count(*) FROM gateway.messages WHERE event_id = $1")
            .execute(Tuple.of(eventId))
            .await()
            .atMost(TIMEOUT)
            .iterator()
            .next()
            .getLong(0);
    assertThat(logged).isEqualTo(1);
  }

  @Test
  void theInboxListsTheLatestFirstWithUnreadAndRequests() {
    String me = "person-" + UUID.randomUUID();
    String device = "device-" + UUID.randomUUID();
    String stranger = "person-" + UUID.randomUUID();
    List<String> both = List.of(me, stranger);
    // requests: the stranger wrote only requests, and I never answered.
    String requests = newConversation();
    appendNow(requests, stranger, true, both);
    appendNow(requests, stranger, true, both);
    // answered: a request, then I wrote.
    String answered = newConversation();
    appendNow(answered, stranger, true, both);
    appendNow(answered, me, false, both);
    // accepted: a request, then a message that landed in my inbox.
    String accepted = newConversation();
    appendNow(accepted, stranger, true, both);
    appendNow(accepted, null, false, both);
    // mine: only I wrote.
    String mine = newConversation();
    appendNow(mine, me, false, both);
    // The requests conversation becomes the latest again.
    appendNow(requests, stranger, true, both);
    log.ack(device, requests, 1).await().atMost(TIMEOUT);

    List<InboxEntry> all = log.inbox(me, device, 10).await().atMost(TIMEOUT);
    assertThat(all)
        .extracting(InboxEntry::conversationId)
        .containsExactly(requests, mine, accepted, answered);
    assertThat(all).extracting(InboxEntry::request).containsExactly(true, false, false, false);
    assertThat(all).extracting(InboxEntry::lastSeq).containsExactly(3L, 1L, 2L, 2L);
    assertThat(all).extracting(InboxEntry::ackedSeq).containsExactly(1L, 0L, 0L, 0L);
    // Only messages others wrote, after the cursor.
    assertThat(all).extracting(InboxEntry::unread).containsExactly(2L, 0L, 2L, 1L);
    assertThat(all.get(0).lastAt()).isAfter(all.get(1).lastAt());
    assertThat(all.get(1).lastAt()).isAfter(all.get(2).lastAt());
    assertThat(all.get(0).members()).containsExactlyInAnyOrder(me, stranger);

    assertThat(log.inbox(me, device, 2).await().atMost(TIMEOUT))
        .extracting(InboxEntry::conversationId)
        .containsExactly(requests, mine);
  }

  @Test
  void receiptsOnlyMoveForwardAndPublishWhatMovedBeforeItIsStored() {
    String conversation = newConversation();
    appendNow(conversation, "ada", false, List.of("ada", "ben"));
    List<List<String>> published = new ArrayList<>();
    Function<List<String>, Uni<Void>> publish =
        ids -> {
          published.add(ids);
          // What is published is not stored yet (another connection sees the old ranks): a crash
          // now publishes it again.
          return storedRanks(conversation, "ben")
              .invoke(
                  stored ->
                      ids.forEach(
                          id -> assertThat(stored.getOrDefault(id, 0)).as(id).isLessThan(2)))
              .replaceWithVoid();
        };

    assertThat(advance(conversation, List.of("m2", "m1"), 2, publish)).containsExactly("m1", "m2");
    assertThat(advance(conversation, List.of("m3", "m1", "m2", "m3"), 1, publish))
        .containsExactly("m3");
    assertThat(advance(conversation, List.of("m1", "m3", "m4"), 2, publish))
        .containsExactly("m3", "m4");
    assertThat(advance(conversation, List.of("m4", "m1"), 1, publish)).isEmpty();

    assertThat(published).containsExactly(List.of("m1", "m2"), List.of("m3"), List.of("m3", "m4"));
    assertThat(ranks(conversation, "ben"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("m1", 2, "m2", 2, "m3", 2, "m4", 2));
  }

  @Test
  void concurrentReceiptsShareTransactionsAndEachGetsItsOwnAnswer() {
    List<String> conversations = new ArrayList<>();
    List<CompletableFuture<List<String>>> cy = new ArrayList<>();
    List<CompletableFuture<List<String>>> benDelivered = new ArrayList<>();
    List<CompletableFuture<List<String>>> benRead = new ArrayList<>();
    Function<List<String>, Uni<Void>> publish = ids -> Uni.createFrom().voidItem();
    for (int c = 0; c < 10; c++) {
      String conversation = newConversation();
      appendNow(conversation, "ada", false, List.of("ada", "ben", "cy"));
      conversations.add(conversation);
    }
    // All at once: two readers in each of ten conversations, one of them twice (those two never
    // share a transaction, and run in either order).
    for (String conversation : conversations) {
      benDelivered.add(
          log.advanceReceipts(conversation, List.of("m2", "m1"), "ben", 1, publish)
              .subscribeAsCompletionStage());
      benRead.add(
          log.advanceReceipts(conversation, List.of("m3", "m2"), "ben", 2, publish)
              .subscribeAsCompletionStage());
      cy.add(
          log.advanceReceipts(conversation, List.of("m1"), "cy", 2, publish)
              .subscribeAsCompletionStage());
    }

    for (int c = 0; c < conversations.size(); c++) {
      assertThat(cy.get(c).join()).containsExactly("m1");
      List<String> delivered = benDelivered.get(c).join();
      assertThat(benRead.get(c).join()).containsExactly("m2", "m3");
      // Delivered after read moves only the message that was not read.
      assertThat(delivered).isIn(List.of("m1", "m2"), List.of("m1"));
      assertThat(ranks(conversations.get(c), "ben"))
          .containsExactlyInAnyOrderEntriesOf(Map.of("m1", 1, "m2", 2, "m3", 2));
      assertThat(ranks(conversations.get(c), "cy")).containsExactlyEntriesOf(Map.of("m1", 2));
    }
    DistributionSummary perTransaction =
        metrics.find("switchboard.gateway.log.receipts.per.transaction").summary();
    assertThat(perTransaction.max()).isGreaterThan(1);
  }

  @Test
  void lookupsAskedTogetherShareQueriesAndEachGetsItsOwnAnswer() {
    List<String> conversations = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      String conversation = newConversation();
      String eventId = UUID.randomUUID().toString();
      log.append(
              entry(conversation, eventId, "ada", false), List.of("ada", "ben"), List.of(), false)
          .await()
          .atMost(TIMEOUT);
      conversations.add(conversation);
      messages.add("msg-" + eventId);
    }
    // All at once: a member and an outsider name two messages of different conversations and an
    // unknown one; the member's and the outsider's device ask whether a conversation has them.
    List<CompletableFuture<Map<String, ConversationLog.Named>>> ben = new ArrayList<>();
    List<CompletableFuture<Map<String, ConversationLog.Named>>> cy = new ArrayList<>();
    List<CompletableFuture<Optional<Set<String>>>> benChecks = new ArrayList<>();
    List<CompletableFuture<Optional<Set<String>>>> cyChecks = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      List<String> named = List.of(messages.get(c), messages.get((c + 1) % 10), "msg-unknown");
      ben.add(log.findMessages(named, "ben").subscribeAsCompletionStage());
      cy.add(log.findMessages(named, "cy").subscribeAsCompletionStage());
      benChecks.add(
          lookup.messagesIn(conversations.get(c), "ben", named).subscribeAsCompletionStage());
      cyChecks.add(
          lookup
              .messagesIn(conversations.get(c), "cy", List.of(messages.get(c)))
              .subscribeAsCompletionStage());
    }

    for (int c = 0; c < 10; c++) {
      String next = messages.get((c + 1) % 10);
      Map<String, ConversationLog.Named> found = ben.get(c).join();
      assertThat(found).containsOnlyKeys(messages.get(c), next);
      assertThat(found.get(messages.get(c)).entry().conversationId())
          .isEqualTo(conversations.get(c));
      assertThat(found.get(next).entry().conversationId())
          .isEqualTo(conversations.get((c + 1) % 10));
      assertThat(found.values()).allSatisfy(n -> assertThat(n.readerIsMember()).isTrue());
      assertThat(cy.get(c).join()).containsOnlyKeys(messages.get(c), next);
      assertThat(cy.get(c).join().values())
          .allSatisfy(n -> assertThat(n.readerIsMember()).isFalse());
      assertThat(benChecks.get(c).join()).contains(Set.of(messages.get(c)));
      assertThat(cyChecks.get(c).join()).isEmpty();
    }
  }

  @Test
  void aReceiptWhosePublishFailsStoresNothing() {
    String conversation = newConversation();
    appendNow(conversation, "ada", false, List.of("ada", "ben"));

    Uni<List<String>> failing =
        log.advanceReceipts(
            conversation,
            List.of("m1"),
            "ben",
            1,
            ids -> Uni.createFrom().failure(new IllegalStateException("Kafka did not take it")));

    assertThat(failing.onFailure().recoverWithItem(List.of("failed")).await().atMost(TIMEOUT))
        .containsExactly("failed");
    assertThat(ranks(conversation, "ben")).isEmpty();
  }

  private List<String> advance(
      String conversation,
      List<String> messageIds,
      int rank,
      Function<List<String>, Uni<Void>> publish) {
    return log.advanceReceipts(conversation, messageIds, "ben", rank, publish)
        .await()
        .atMost(TIMEOUT);
  }

  private Map<String, Integer> ranks(String conversationId, String reader) {
    return storedRanks(conversationId, reader).await().atMost(TIMEOUT);
  }

  private Uni<Map<String, Integer>> storedRanks(String conversationId, String reader) {
    return pool.preparedQuery(
            "SELECT message_id, rank FROM gateway.message_receipts"
                + " WHERE conversation_id = $1 AND reader = $2")
        .execute(Tuple.of(conversationId, reader))
        .map(
            rows -> {
              Map<String, Integer> ranks = new HashMap<>();
              rows.forEach(row -> ranks.put(row.getString(0), (int) row.getShort(1)));
              return ranks;
            });
  }

  /** Appends one message and waits for it, so the next one is appended later. */
  private void appendNow(
      String conversationId, String senderPersonId, boolean request, List<String> members) {
    log.append(
            entry(conversationId, UUID.randomUUID().toString(), senderPersonId, request),
            members,
            List.of(),
            false)
        .await()
        .atMost(TIMEOUT);
  }

  /** A conversation id no other test uses (the devstack's database is shared by the test JVM). */
  private static String newConversation() {
    return "messenger:test:" + UUID.randomUUID();
  }

  private static CompletableFuture<Appended> submit(Uni<Appended> append) {
    return append.subscribeAsCompletionStage();
  }

  private static LogEntry entry(String conversationId, String senderPersonId) {
    return entry(conversationId, UUID.randomUUID().toString(), senderPersonId, false);
  }

  private static LogEntry entry(
      String conversationId, String eventId, String senderPersonId, boolean request) {
    return new LogEntry(
        conversationId,
        0,
        eventId,
        EventType.MESSAGE_CREATED.ceType(),
        Platform.MESSENGER,
        AccountRef.of(Platform.MESSENGER, "sender"),
        senderPersonId,
        request,
        "{\"messageId\":\"msg-" + eventId + "\"}");
  }

  private List<Row> rows(String conversationId) {
    List<Row> rows = new ArrayList<>();
    pool.preparedQuery(
            "SELECT seq, event_id, request, sender_person_id, fanned_out,"
                + " data->>'messageId' AS message_id"
                + " FROM gateway.messages WHERE conversation_id = $1 ORDER BY seq")
        .execute(Tuple.of(conversationId))
        .await()
        .atMost(TIMEOUT)
        .forEach(rows::add);
    return rows;
  }

  private List<String> strings(String table, String column, String conversationId) {
    List<String> values = new ArrayList<>();
    pool.preparedQuery(
            "SELECT " + column + " FROM gateway." + table + " WHERE conversation_id = $1")
        .execute(Tuple.of(conversationId))
        .await()
        .atMost(TIMEOUT)
        .forEach(row -> values.add(row.getString(0)));
    return values;
  }
}
