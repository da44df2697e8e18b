package io.switchboard.gateway.log;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventType;
import io.switchboard.events.Platform;
import io.switchboard.events.data.ConversationChange;
import io.switchboard.events.data.ConversationChanged;
import io.switchboard.service.batch.StatementBatcher;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The conversation log in PostgreSQL (schema {@code gateway}): a message is stored once per
 * conversation, numbered in the statement that stores it, and storing the same event id again
 * changes nothing.
 */
@ApplicationScoped
public class ConversationLog {
  private static final String UNIQUE_VIOLATION = "23505";

  // One statement and one commit for one entry or several of different conversations, given as
  // parallel arrays (members and accounts as (conversation, ...) pairs). Each conversation is
  // created on first use (kind direct) or its counter moves, only for an event that is new, and its
  // row takes the new number; members and app accounts taking part are added if new. Entries whose
  // event is already in the log are left out (the caller answers them apart). A racing copy of one
  // of the events fails on event_id and the statement rolls back whole, counters included, so
  // numbers stay dense. The foreign keys of members, accounts and messages are checked at the end
  // of the statement, when the conversations it created exist. The data comes as text and
  // PostgreSQL parses it once, into jsonb. An entry whose fan-out sends nothing through Kafka is
  // stored fanned out: no later statement has to mark it.
  private static final String APPEND =
      """
      WITH entries AS (
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                             $6::text[], $7::text[], $8::boolean[], $9::text[], $15::boolean[])
          AS e (conversation_id, event_id, event_type, platform, sender_platform,
                sender_account, sender_person_id, request, data, fanned_out)),
      members AS (
        INSERT INTO gateway.conversation_members (conversation_id, person_id)
        SELECT * FROM unnest($10::text[], $11::text[])
        ON CONFLICT DO NOTHING),
      accounts AS (
        INSERT INTO gateway.conversation_accounts (conversation_id, platform, account_id)
        SELECT * FROM unnest($12::text[], $13::text[], $14::text[])
        ON CONFLICT DO NOTHING),
      fresh AS (
        SELECT * FROM entries e
         WHERE NOT EXISTS (SELECT 1 FROM gateway.messages m WHERE m.event_id = e.event_id)),
      bump AS (
        INSERT INTO gateway.conversations AS c (id, kind, last_seq)
        SELECT conversation_id, 'direct', 1 FROM fresh
        ON CONFLICT (id) DO UPDATE SET last_seq = c.last_seq + 1
        RETURNING id, last_seq)
      INSERT INTO gateway.messages (conversation_id, seq, event_id, event_type, platform,
          sender_platform, sender_account, sender_person_id, request, data, fanned_out)
      SELECT f.conversation_id, b.last_seq, f.event_id, f.event_type, f.platform,
             f.sender_platform, f.sender_account, f.sender_person_id, f.request, f.data::jsonb,
             f.fanned_out
        FROM fresh f JOIN bump b ON b.id = f.conversation_id
      RETURNING event_id, seq, fanned_out
      """;

  /**
   * Statements appending to the log at once at most: one, so that the appends arriving meanwhile
   * share the next (a statement's fixed cost in PostgreSQL outweighs an entry's).
   */
  static final int APPENDS_IN_FLIGHT = 1;

  /**
   * How much one append statement carries at most: an entry weighs one, and one more per member and
   * account it adds.
   */
  static final int APPEND_WEIGHT = 2_000;

  private static final String ENTRY_COLUMNS =
      "conversation_id, seq, event_id, event_type, platform, sender_platform, sender_account,"
          + " sender_person_id, request, data::text AS data";

  // The person's memberships drive it, and cost one probe each: a conversation's last activity is
  // when its last entry was appended (the messages' primary key starts with the conversation, and
  // numbers only grow). The page is cut first; only its conversations have their messages looked
  // at, and never all of them: unread counts what follows the cursor, and the request flag stops
  // at the first message that settles it. Only messages count as unread, and only those others
  // wrote. A conversation is a request when others wrote, all of it as requests, and the person
  // never wrote in it.
  private static final String INBOX =
      """
      SELECT c.id, c.kind, c.name, c.theme, c.last_seq, COALESCE(dc.acked_seq, 0) AS acked,
        (SELECT count(*) FROM gateway.messages m
          WHERE m.conversation_id = c.id AND m.seq > COALESCE(dc.acked_seq, 0)
            AND m.event_type = 'switchboard.message.created.v1'
            AND m.sender_person_id IS DISTINCT FROM $1) AS unread,
        NOT EXISTS (SELECT 1 FROM gateway.messages m
          WHERE m.conversation_id = c.id AND m.event_type = 'switchboard.message.created.v1'
            AND m.sender_person_id IS DISTINCT FROM $1 AND NOT m.request)
        AND EXISTS (SELECT 1 FROM gateway.messages m
          WHERE m.conversation_id = c.id AND m.event_type = 'switchboard.message.created.v1'
            AND m.sender_person_id IS DISTINCT FROM $1)
        AND NOT EXISTS (SELECT 1 FROM gateway.messages m
          WHERE m.conversation_id = c.id AND m.sender_person_id = $1) AS request,
        c.last_at,
        (SELECT array_agg(cm.person_id ORDER BY cm.person_id) FROM gateway.conversation_members cm
          WHERE cm.conversation_id = c.id) AS members,
        (SELECT array_agg(ca.platform ORDER BY ca.platform, ca.account_id)
           FROM gateway.conversation_accounts ca WHERE ca.conversation_id = c.id) AS platforms,
        (SELECT array_agg(ca.account_id ORDER BY ca.platform, ca.account_id)
           FROM gateway.conversation_accounts ca WHERE ca.conversation_id = c.id) AS account_ids
      FROM (
        SELECT c.*, COALESCE((SELECT m.appended_at FROM gateway.messages m
                               WHERE m.conversation_id = c.id AND m.seq = c.last_seq),
                             c.created_at) AS last_at
          FROM gateway.conversation_members me
          JOIN gateway.conversations c ON c.id = me.conversation_id
         WHERE me.person_id = $1
         ORDER BY last_at DESC, c.id
         LIMIT $3) c
      LEFT JOIN gateway.device_cursors dc
        ON dc.conversation_id = c.id AND dc.device_account_id = $2
      ORDER BY c.last_at DESC, c.id
      """;

  /**
   * How many conversations {@link #hasMessages} remembers having messages before it forgets them
   * all and asks the database again.
   */
  static final int KNOWN_CONVERSATIONS = 100_000;

  // A transaction-scoped lock per (conversation, message, reader), taken in the order of the keys
  // (volatile functions of the select list run after ORDER BY), so two transactions never wait on
  // each other crosswise.
  private static final String LOCK_RECEIPTS =
      """
      SELECT pg_advisory_xact_lock(hashtextextended(k.key, 0))
        FROM unnest($1::text[]) AS k (key)
       ORDER BY k.key""";

  private static final String RECEIPT_RANKS =
      """
      SELECT r.conversation_id, r.message_id, r.reader, r.rank
        FROM gateway.message_receipts r
        JOIN unnest($1::text[], $2::text[], $3::text[]) AS k (conversation_id, message_id, reader)
          ON r.conversation_id = k.conversation_id AND r.message_id = k.message_id
         AND r.reader = k.reader""";

  private static final String STORE_RECEIPTS =
      """
      INSERT INTO gateway.message_receipts (conversation_id, message_id, reader, rank)
      SELECT k.conversation_id, k.message_id, k.reader, k.rank::smallint
        FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])
          AS k (conversation_id, message_id, reader, rank)
      ON CONFLICT (conversation_id, message_id, reader) DO UPDATE
        SET rank = EXCLUDED.rank, updated_at = now()
        WHERE gateway.message_receipts.rank < EXCLUDED.rank""";

  // The messages receipts name, each as first logged, with whether the receipt's reader person is
  // a member of its conversation: one query for the receipts that arrived together (n numbers
  // them).
  private static final String FIND_MESSAGES =
      "SELECT DISTINCT ON (q.n, m.data ->> 'messageId') q.n, m.data ->> 'messageId' AS message_id, "
          + ENTRY_COLUMNS
          + ", EXISTS (SELECT 1 FROM gateway.conversation_members cm"
          + " WHERE cm.conversation_id = m.conversation_id AND cm.person_id = q.reader)"
          + " AS reader_is_member"
          + " FROM unnest($1::int[], $2::text[], $3::text[]) AS q (n, message_id, reader)"
          + " JOIN gateway.messages m ON m.data ->> 'messageId' = q.message_id"
          + " AND m.event_type = $4"
          + " ORDER BY q.n, m.data ->> 'messageId', m.appended_at";

  /** Receipt lookups running at once at most; lookups arriving meanwhile share the next query. */
  static final int LOOKUPS_IN_FLIGHT = 2;

  /** Message ids one lookup query names at most. */
  static final int LOOKUP_WEIGHT = 1_000;

  /** Receipt transactions running at once at most; receipts arriving meanwhile share the next. */
  static final int RECEIPTS_IN_FLIGHT = 2;

  /** Messages one receipt transaction moves at most. */
  static final int RECEIPTS_WEIGHT = 1_000;

  private final Pool pool;
  private final StatementBatcher<Pending, Appended> appends;
  private final StatementBatcher<ReceiptAdvance, List<String>> receipts;
  private final StatementBatcher<Lookup, Map<String, Named>> lookups;
  private final DistributionSummary appendsPerStatement;
  private final DistributionSummary receiptsPerTransaction;

  /**
   * Conversations known to have messages. A conversation's counter never goes back and nothing
   * deletes a conversation, so once seen with messages it keeps them: a one-to-one message from an
   * app asks the database only the first time.
   */
  private final Set<String> withMessages = ConcurrentHashMap.newKeySet();

  public ConversationLog(Pool pool, MeterRegistry metrics) {
    this.pool = pool;
    this.appendsPerStatement =
        DistributionSummary.builder("switchboard.gateway.log.appends.per.statement")
            .description("Log entries appended by one statement (appends that waited share one)")
            .register(metrics);
    this.receiptsPerTransaction =
        DistributionSummary.builder("switchboard.gateway.log.receipts.per.transaction")
            .description("Receipts stored by one transaction (receipts that waited share one)")
            .register(metrics);
    this.appends =
        StatementBatcher.<Pending, Appended>of(this::appendAll)
            .maxInFlight(APPENDS_IN_FLIGHT)
            .maxWeight(APPEND_WEIGHT, p -> 1 + p.members().size() + p.accounts().size())
            .exclusiveBy(p -> p.entry().conversationId())
            .build();
    this.receipts =
        StatementBatcher.<ReceiptAdvance, List<String>>of(this::advanceAll)
            .maxInFlight(RECEIPTS_IN_FLIGHT)
            .maxWeight(RECEIPTS_WEIGHT, r -> r.messageIds().size())
            .exclusiveBy(r -> r.conversationId() + "|" + r.reader())
            .build();
    this.lookups =
        StatementBatcher.<Lookup, Map<String, Named>>of(this::findAll)
            .maxInFlight(LOOKUPS_IN_FLIGHT)
            .maxWeight(LOOKUP_WEIGHT, l -> l.messageIds().size())
            .build();
  }

  /**
   * The outcome of an append: the entry's number, whether this call stored it, and whether the log
   * holds its fan-out as finished (stored so, or marked).
   */
  public record Appended(long seq, boolean fresh, boolean fannedOut) {}

  /** An append waiting for its statement. */
  private record Pending(
      LogEntry entry, List<String> members, List<AccountRef> accounts, boolean sendsNothing) {}

  /**
   * Appends a message to its conversation (created on first use, kind {@code direct}), makes the
   * persons members and records the app accounts as taking part; a second append of the same event
   * id returns the first one's number. Appends to different conversations that arrive while others
   * run share one statement; those of one conversation run one after the other, in order.
   *
   * @param sendsNothing whether the entry's fan-out sends nothing through Kafka (only pushes to
   *     devices connected here, which find it in the log anyway): it is stored fanned out, and
   *     {@link #markFannedOut} is not needed
   */
  public Uni<Appended> append(
      LogEntry entry,
      Collection<String> memberPersonIds,
      Collection<AccountRef> accounts,
      boolean sendsNothing) {
    return appends
        .submit(
            new Pending(entry, List.copyOf(memberPersonIds), List.copyOf(accounts), sendsNothing))
        .invoke(() -> remember(entry.conversationId()));
  }

  /**
   * Appends entries of different conversations in one statement, answering in their order; if it
   * meets a racing copy of one of their events, entry by entry.
   */
  private Uni<List<Appended>> appendAll(List<Pending> batch) {
    appendsPerStatement.record(batch.size());
    if (batch.size() == 1) {
      return appendOne(batch.get(0)).map(List::of);
    }
    return appendTogether(batch)
        .onFailure(ConversationLog::isUniqueViolation)
        .recoverWithUni(
            () ->
                Multi.createFrom()
                    .iterable(batch)
                    .onItem()
                    .transformToUniAndConcatenate(this::appendOne)
                    .collect()
                    .asList());
  }

  /** One entry; a racing copy that stored it first is answered with its number. */
  private Uni<Appended> appendOne(Pending p) {
    return appendTogether(List.of(p))
        .map(appended -> appended.get(0))
        .onFailure(ConversationLog::isUniqueViolation)
        .recoverWithUni(() -> existing(p.entry().eventId()));
  }

  /**
   * The statement, answering each entry with its new number, or with its first one's if its event
   * was already in the log; fails on a racing copy.
   */
  private Uni<List<Appended>> appendTogether(List<Pending> batch) {
    return pool.preparedQuery(APPEND)
        .execute(appendArgs(batch))
        .map(
            rows -> {
              Map<String, Appended> stored = new HashMap<>();
              rows.forEach(
                  row ->
                      stored.put(
                          row.getString("event_id"),
                          new Appended(row.getLong("seq"), true, row.getBoolean("fanned_out"))));
              return stored;
            })
        .chain(
            stored -> {
              List<Uni<Appended>> answers = new ArrayList<>(batch.size());
              for (Pending p : batch) {
                Appended appended = stored.get(p.entry().eventId());
                answers.add(
                    appended != null
                        ? Uni.createFrom().item(appended)
                        : existing(p.entry().eventId()));
              }
              return Uni.join().all(answers).andFailFast();
            });
  }

  /**
   * Appends an entry to a conversation that exists, leaving its members and accounts as they are; a
   * second append of the same event id returns the first one's number; {@code sendsNothing} as for
   * {@link #append}.
   */
  public Uni<Appended> appendTo(LogEntry entry, boolean sendsNothing) {
    return append(entry, List.of(), List.of(), sendsNothing);
  }

  /**
   * Applies a change of a group (created, members added or removed, renamed, theme changed) and
   * appends it as an entry, in one transaction: a redelivered change is neither applied nor
   * appended twice.
   */
  public Uni<Appended> change(LogEntry entry, ConversationChanged change) {
    return pool.withTransaction(
            conn ->
                applyChange(conn, change)
                    .chain(
                        () ->
                            conn.preparedQuery(APPEND)
                                .execute(
                                    appendArgs(
                                        List.of(new Pending(entry, List.of(), List.of(), false)))))
                    .map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null)
                    .chain(
                        row ->
                            row != null
                                ? Uni.createFrom().item(row)
                                : Uni.createFrom().failure(new DuplicateEvent(entry.eventId()))))
        .map(row -> new Appended(row.getLong("seq"), true, row.getBoolean("fanned_out")))
        .onFailure(f -> f instanceof DuplicateEvent || isUniqueViolation(f))
        .recoverWithUni(() -> existing(entry.eventId()));
  }

  /** An entry of the log by its event id, and whether its fan-out finished. */
  public record Stored(LogEntry entry, boolean fannedOut) {}

  /** The entry appended for this event id, if any. */
  public Uni<Optional<Stored>> stored(String eventId) {
    return pool.preparedQuery(
            "SELECT " + ENTRY_COLUMNS + ", fanned_out FROM gateway.messages WHERE event_id = $1")
        .execute(Tuple.of(eventId))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                return Optional.empty();
              }
              Row row = rows.iterator().next();
              return Optional.of(new Stored(entry(row), row.getBoolean("fanned_out")));
            });
  }

  /** A conversation with its members, or empty when the log has never seen it. */
  public Uni<Optional<Conversation>> conversation(String conversationId) {
    return pool.preparedQuery(
            """
            SELECT c.kind, c.name, c.theme, c.last_seq,
                   COALESCE(array_agg(m.person_id ORDER BY m.joined_at, m.person_id)
                            FILTER (WHERE m.person_id IS NOT NULL), '{}') AS members
              FROM gateway.conversations c
              LEFT JOIN gateway.conversation_members m ON m.conversation_id = c.id
             WHERE c.id = $1
             GROUP BY c.id
            """)
        .execute(Tuple.of(conversationId))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                return Optional.empty();
              }
              Row row = rows.iterator().next();
              return Optional.of(conversation(conversationId, row));
            });
  }

  /**
   * A conversation (empty when the log has never seen it) with the app accounts that took part in
   * it (empty then too).
   */
  public record Participants(Optional<Conversation> conversation, List<AccountRef> accounts) {
    public Participants {
      accounts = List.copyOf(accounts);
    }
  }

  /**
   * A conversation with its members and its app accounts, in one query: what a message into it
   * needs to be planned.
   */
  public Uni<Participants> participants(String conversationId) {
    return pool.preparedQuery(
            """
            SELECT c.kind, c.name, c.theme, c.last_seq,
                   ARRAY(SELECT m.person_id FROM gateway.conversation_members m
                          WHERE m.conversation_id = c.id
                          ORDER BY m.joined_at, m.person_id) AS members,
                   ARRAY(SELECT ca.platform FROM gateway.conversation_accounts ca
                          WHERE ca.conversation_id = c.id
                          ORDER BY ca.platform, ca.account_id) AS platforms,
                   ARRAY(SELECT ca.account_id FROM gateway.conversation_accounts ca
                          WHERE ca.conversation_id = c.id
                          ORDER BY ca.platform, ca.account_id) AS account_ids
              FROM gateway.conversations c
             WHERE c.id = $1
            """)
        .execute(Tuple.of(conversationId))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                return new Participants(Optional.empty(), List.of());
              }
              Row row = rows.iterator().next();
              String[] platforms = row.getArrayOfStrings("platforms");
              String[] accountIds = row.getArrayOfStrings("account_ids");
              List<AccountRef> accounts = new ArrayList<>(platforms.length);
              for (int i = 0; i < platforms.length; i++) {
                accounts.add(AccountRef.of(Platform.fromWireName(platforms[i]), accountIds[i]));
              }
              return new Participants(Optional.of(conversation(conversationId, row)), accounts);
            });
  }

  /** The app accounts that took part in a conversation. */
  public Uni<List<AccountRef>> accounts(String conversationId) {
    return pool.preparedQuery(
            "SELECT platform, account_id FROM gateway.conversation_accounts"
                + " WHERE conversation_id = $1 ORDER BY platform, account_id")
        .execute(Tuple.of(conversationId))
        .map(
            rows -> {
              List<AccountRef> accounts = new ArrayList<>();
              rows.forEach(
                  row ->
                      accounts.add(
                          AccountRef.of(
                              Platform.fromWireName(row.getString("platform")),
                              row.getString("account_id"))));
              return accounts;
            });
  }

  /** Remembers that the gateway wrote to these app accounts from this conversation. */
  public Uni<Void> bridge(String conversationId, Collection<AccountRef> targets) {
    if (targets.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return pool.preparedQuery(
            """
            INSERT INTO gateway.bridges (platform, account_id, conversation_id)
            SELECT a.platform, a.account_id, $1
              FROM unnest($2::text[], $3::text[]) AS a (platform, account_id)
            ON CONFLICT (platform, account_id) DO UPDATE
              SET conversation_id = EXCLUDED.conversation_id, updated_at = now()
            """)
        .execute(
            Tuple.of(
                conversationId,
                targets.stream().map(a -> a.platform().wireName()).toArray(String[]::new),
                targets.stream().map(AccountRef::accountId).toArray(String[]::new)))
        .replaceWithVoid();
  }

  /** The conversation the gateway last wrote to this app account from, if any. */
  public Uni<Optional<String>> bridgedConversation(AccountRef account) {
    return pool.preparedQuery(
            "SELECT conversation_id FROM gateway.bridges WHERE platform = $1 AND account_id = $2")
        .execute(Tuple.of(account.platform().wireName(), account.accountId()))
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? Optional.of(rows.iterator().next().getString(0))
                    : Optional.empty());
  }

  /** The log entry of the message with this message id (its first appearance), if any. */
  public Uni<Optional<LogEntry>> findMessage(String messageId) {
    return pool.preparedQuery(
            "SELECT "
                + ENTRY_COLUMNS
                + " FROM gateway.messages WHERE data ->> 'messageId' = $1 AND event_type = $2"
                + " ORDER BY appended_at LIMIT 1")
        .execute(Tuple.of(messageId, EventType.MESSAGE_CREATED.ceType()))
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? Optional.of(entry(rows.iterator().next()))
                    : Optional.empty());
  }

  /**
   * A message named by a receipt, as first logged.
   *
   * @param readerIsMember whether the receipt's reader person is a member of its conversation
   */
  public record Named(LogEntry entry, boolean readerIsMember) {}

  /** A receipt's messages to find, waiting for its query. */
  private record Lookup(List<String> messageIds, String readerPerson) {}

  /**
   * The messages with these message ids, each as first logged (in any conversation), and whether
   * {@code readerPerson} (null: no person) is a member of its conversation. Lookups that arrive
   * while others run share one query.
   */
  public Uni<Map<String, Named>> findMessages(Collection<String> messageIds, String readerPerson) {
    return lookups.submit(new Lookup(List.copyOf(messageIds), readerPerson));
  }

  private Uni<List<Map<String, Named>>> findAll(List<Lookup> batch) {
    List<Integer> numbers = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<String> readers = new ArrayList<>();
    for (int n = 0; n < batch.size(); n++) {
      for (String id : batch.get(n).messageIds()) {
        numbers.add(n);
        ids.add(id);
        readers.add(batch.get(n).readerPerson());
      }
    }
    return pool.preparedQuery(FIND_MESSAGES)
        .execute(
            Tuple.of(
                numbers.toArray(Integer[]::new),
                ids.toArray(String[]::new),
                readers.toArray(String[]::new),
                EventType.MESSAGE_CREATED.ceType()))
        .map(
            rows -> {
              List<Map<String, Named>> found = new ArrayList<>(batch.size());
              for (int n = 0; n < batch.size(); n++) {
                found.add(new HashMap<>());
              }
              for (Row row : rows) {
                found
                    .get(row.getInteger("n"))
                    .put(
                        row.getString("message_id"),
                        new Named(entry(row), row.getBoolean("reader_is_member")));
              }
              return found;
            });
  }

  /** One reader's receipt of messages of one conversation, waiting for its transaction. */
  private record ReceiptAdvance(
      String conversationId,
      List<String> messageIds,
      String reader,
      int rank,
      Function<List<String>, Uni<Void>> publish) {}

  /**
   * Moves a reader's state of messages of one conversation forward ({@code 1} delivered, {@code 2}
   * read): under a transaction-scoped lock per (message, reader), it finds the messages whose state
   * would move, lets {@code publish} send them (and waits for it), then stores the new state and
   * answers them. Receipts of the same message racing on other topics wait for the lock, so what is
   * published never goes back; a crash after publishing and before the commit publishes again, with
   * the caller's same ids.
   *
   * <p>Receipts arriving while others are being stored share the next transaction (at most {@link
   * #RECEIPTS_IN_FLIGHT} at once): its locks are one statement, the states one query, every
   * receipt's publish runs at once, and the store is one statement, however many receipts and
   * messages. Receipts of the same reader in the same conversation never share one. A failure fails
   * every receipt of the transaction, and stores nothing.
   */
  public Uni<List<String>> advanceReceipts(
      String conversationId,
      List<String> messageIds,
      String reader,
      int rank,
      Function<List<String>, Uni<Void>> publish) {
    List<String> sorted = messageIds.stream().distinct().sorted().toList();
    if (sorted.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    return receipts.submit(new ReceiptAdvance(conversationId, sorted, reader, rank, publish));
  }

  private Uni<List<List<String>>> advanceAll(List<ReceiptAdvance> batch) {
    receiptsPerTransaction.record(batch.size());
    List<String> conversations = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    List<String> readers = new ArrayList<>();
    for (ReceiptAdvance advance : batch) {
      for (String messageId : advance.messageIds()) {
        conversations.add(advance.conversationId());
        messages.add(messageId);
        readers.add(advance.reader());
      }
    }
    String[] keys = new String[messages.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = conversations.get(i) + "|" + messages.get(i) + "|" + readers.get(i);
    }
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(LOCK_RECEIPTS)
                .execute(Tuple.of(keys))
                .chain(
                    () ->
                        conn.preparedQuery(RECEIPT_RANKS)
                            .execute(
                                Tuple.of(
                                    conversations.toArray(String[]::new),
                                    messages.toArray(String[]::new),
                                    readers.toArray(String[]::new))))
                .map(rows -> moving(batch, rows))
                .call(moved -> publishAll(batch, moved))
                .call(moved -> storeAll(conn, batch, moved)));
  }

  /** A reader's state of one message of a conversation. */
  private record ReceiptKey(String conversationId, String messageId, String reader) {}

  /** Each receipt's messages whose state would move, in its order. */
  private static List<List<String>> moving(List<ReceiptAdvance> batch, RowSet<Row> rows) {
    Map<ReceiptKey, Integer> current = new HashMap<>();
    for (Row row : rows) {
      current.put(
          new ReceiptKey(
              row.getString("conversation_id"),
              row.getString("message_id"),
              row.getString("reader")),
          (int) row.getShort("rank"));
    }
    List<List<String>> moved = new ArrayList<>(batch.size());
    for (ReceiptAdvance advance : batch) {
      List<String> ids = new ArrayList<>();
      for (String messageId : advance.messageIds()) {
        ReceiptKey key = new ReceiptKey(advance.conversationId(), messageId, advance.reader());
        if (current.getOrDefault(key, 0) < advance.rank()) {
          ids.add(messageId);
        }
      }
      moved.add(List.copyOf(ids));
    }
    return moved;
  }

  private static Uni<Void> publishAll(List<ReceiptAdvance> batch, List<List<String>> moved) {
    List<Uni<Void>> publishing = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      if (!moved.get(i).isEmpty()) {
        publishing.add(batch.get(i).publish().apply(moved.get(i)));
      }
    }
    return publishing.isEmpty()
        ? Uni.createFrom().voidItem()
        : Uni.join().all(publishing).andFailFast().replaceWithVoid();
  }

  private static Uni<Void> storeAll(
      SqlConnection conn, List<ReceiptAdvance> batch, List<List<String>> moved) {
    List<String> conversations = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    List<String> readers = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      for (String messageId : moved.get(i)) {
        conversations.add(batch.get(i).conversationId());
        messages.add(messageId);
        readers.add(batch.get(i).reader());
        ranks.add(batch.get(i).rank());
      }
    }
    if (messages.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return conn.preparedQuery(STORE_RECEIPTS)
        .execute(
            Tuple.of(
                conversations.toArray(String[]::new),
                messages.toArray(String[]::new),
                readers.toArray(String[]::new),
                ranks.toArray(Integer[]::new)))
        .replaceWithVoid();
  }

  /** Whether the conversation already has messages (its sender counts as known). */
  public Uni<Boolean> hasMessages(String conversationId) {
    if (withMessages.contains(conversationId)) {
      return Uni.createFrom().item(true);
    }
    return pool.preparedQuery("SELECT last_seq FROM gateway.conversations WHERE id = $1")
        .execute(Tuple.of(conversationId))
        .map(rows -> rows.iterator().hasNext() && rows.iterator().next().getLong(0) > 0)
        .invoke(
            known -> {
              if (known) {
                remember(conversationId);
              }
            });
  }

  private void remember(String conversationId) {
    if (withMessages.size() >= KNOWN_CONVERSATIONS) {
      // Crude but bounded: the next message of each conversation asks the database once more.
      withMessages.clear();
    }
    withMessages.add(conversationId);
  }

  /** Records that every outbound record of these events was acknowledged. */
  public Uni<Void> markFannedOut(Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return pool.preparedQuery(
            "UPDATE gateway.messages SET fanned_out = true WHERE event_id = ANY($1::text[])")
        .execute(Tuple.of(eventIds.toArray(String[]::new)))
        .replaceWithVoid();
  }

  /** The conversation's last number if the person is a member, empty otherwise. */
  public Uni<Optional<Long>> lastSeqFor(String conversationId, String personId) {
    return pool.preparedQuery(
            "SELECT c.last_seq FROM gateway.conversations c JOIN gateway.conversation_members m"
                + " ON m.conversation_id = c.id WHERE c.id = $1 AND m.person_id = $2")
        .execute(Tuple.of(conversationId, personId))
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? Optional.of(rows.iterator().next().getLong(0))
                    : Optional.empty());
  }

  /** The conversation's messages after {@code since}, in order, at most {@code limit}. */
  public Uni<List<LogEntry>> entriesAfter(String conversationId, long since, int limit) {
    return pool.preparedQuery(
            "SELECT "
                + ENTRY_COLUMNS
                + " FROM gateway.messages WHERE conversation_id = $1 AND seq > $2"
                + " ORDER BY seq LIMIT $3")
        .execute(Tuple.of(conversationId, since, limit))
        .map(
            rows -> {
              List<LogEntry> entries = new ArrayList<>();
              rows.forEach(row -> entries.add(entry(row)));
              return entries;
            });
  }

  /** Moves a device's cursor forward (never back); answers the cursor now stored. */
  public Uni<Long> ack(String deviceAccountId, String conversationId, long seq) {
    return pool.preparedQuery(
            """
            INSERT INTO gateway.device_cursors (device_account_id, conversation_id, acked_seq)
            VALUES ($1, $2, $3)
            ON CONFLICT (device_account_id, conversation_id) DO UPDATE
              SET acked_seq = GREATEST(gateway.device_cursors.acked_seq, EXCLUDED.acked_seq),
                  updated_at = now()
            RETURNING acked_seq
            """)
        .execute(Tuple.of(deviceAccountId, conversationId, seq))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * The person's conversations, most recently active first, at most {@code limit}, with the
   * device's cursor and what is unread after it: one query, driven by the person's memberships.
   */
  public Uni<List<InboxEntry>> inbox(String personId, String deviceAccountId, int limit) {
    return pool.preparedQuery(INBOX)
        .execute(Tuple.of(personId, deviceAccountId, limit))
        .map(
            rows -> {
              List<InboxEntry> entries = new ArrayList<>();
              for (Row row : rows) {
                List<AccountRef> accounts = new ArrayList<>();
                String[] platforms = row.getArrayOfStrings("platforms");
                String[] ids = row.getArrayOfStrings("account_ids");
                for (int i = 0; platforms != null && i < platforms.length; i++) {
                  accounts.add(AccountRef.of(Platform.fromWireName(platforms[i]), ids[i]));
                }
                String[] members = row.getArrayOfStrings("members");
                entries.add(
                    new InboxEntry(
                        row.getString("id"),
                        row.getString("kind"),
                        row.getString("name"),
                        row.getString("theme"),
                        row.getLong("last_seq"),
                        row.getLong("acked"),
                        row.getLong("unread"),
                        row.getBoolean("request"),
                        row.getOffsetDateTime("last_at").toInstant(),
                        members == null ? List.of() : List.of(members),
                        accounts));
              }
              return entries;
            });
  }

  /** A device's cursor in a conversation, 0 when it never acknowledged anything. */
  public Uni<Long> cursor(String deviceAccountId, String conversationId) {
    return pool.preparedQuery(
            "SELECT acked_seq FROM gateway.device_cursors"
                + " WHERE device_account_id = $1 AND conversation_id = $2")
        .execute(Tuple.of(deviceAccountId, conversationId))
        .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : 0L);
  }

  private static Uni<Void> applyChange(SqlClient conn, ConversationChanged change) {
    String id = change.conversationId();
    String[] people = change.memberPersonIds().toArray(String[]::new);
    Uni<Void> applied =
        switch (change.change()) {
          case CREATED ->
              conn.preparedQuery(
                      "INSERT INTO gateway.conversations (id, kind, name, theme)"
                          + " VALUES ($1, 'group', $2, $3) ON CONFLICT (id) DO NOTHING")
                  .execute(Tuple.of(id, change.name(), change.theme()))
                  .replaceWithVoid();
          case RENAMED ->
              conn.preparedQuery("UPDATE gateway.conversations SET name = $2 WHERE id = $1")
                  .execute(Tuple.of(id, change.name()))
                  .replaceWithVoid();
          case THEME_CHANGED ->
              conn.preparedQuery("UPDATE gateway.conversations SET theme = $2 WHERE id = $1")
                  .execute(Tuple.of(id, change.theme()))
                  .replaceWithVoid();
          case MEMBERS_REMOVED ->
              conn.preparedQuery(
                      "DELETE FROM gateway.conversation_members"
                          + " WHERE conversation_id = $1 AND person_id = ANY($2::text[])")
                  .execute(Tuple.of(id, people))
                  .replaceWithVoid();
          case MEMBERS_ADDED -> Uni.createFrom().voidItem();
        };
    if (change.change() != ConversationChange.CREATED
        && change.change() != ConversationChange.MEMBERS_ADDED) {
      return applied;
    }
    return applied.chain(
        () ->
            conn.preparedQuery(
                    "INSERT INTO gateway.conversation_members (conversation_id, person_id)"
                        + " SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(id, people))
                .replaceWithVoid());
  }

  /** Stops a transaction whose event is already in the log, so its changes roll back. */
  private static final class DuplicateEvent extends RuntimeException {
    DuplicateEvent(String eventId) {
      super("already appended: " + eventId, null, false, false);
    }
  }

  private Uni<Appended> existing(String eventId) {
    return pool.preparedQuery("SELECT seq, fanned_out FROM gateway.messages WHERE event_id = $1")
        .execute(Tuple.of(eventId))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new Appended(row.getLong("seq"), false, row.getBoolean("fanned_out"));
            });
  }

  private static Tuple appendArgs(List<Pending> batch) {
    int n = batch.size();
    String[] conversations = new String[n];
    String[] eventIds = new String[n];
    String[] eventTypes = new String[n];
    String[] platforms = new String[n];
    String[] senderPlatforms = new String[n];
    String[] senderAccounts = new String[n];
    String[] senderPersons = new String[n];
    Boolean[] requests = new Boolean[n];
    String[] data = new String[n];
    Boolean[] fannedOut = new Boolean[n];
    List<String> memberConversations = new ArrayList<>();
    List<String> members = new ArrayList<>();
    List<String> accountConversations = new ArrayList<>();
    List<String> accountPlatforms = new ArrayList<>();
    List<String> accountIds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Pending p = batch.get(i);
      LogEntry e = p.entry();
      conversations[i] = e.conversationId();
      eventIds[i] = e.eventId();
      eventTypes[i] = e.eventType();
      platforms[i] = e.platform().wireName();
      senderPlatforms[i] = e.sender().platform().wireName();
      senderAccounts[i] = e.sender().accountId();
      senderPersons[i] = e.senderPersonId();
      requests[i] = e.request();
      data[i] = e.dataJson();
      fannedOut[i] = p.sendsNothing();
      for (String member : p.members()) {
        memberConversations.add(e.conversationId());
        members.add(member);
      }
      for (AccountRef account : p.accounts()) {
        accountConversations.add(e.conversationId());
        accountPlatforms.add(account.platform().wireName());
        accountIds.add(account.accountId());
      }
    }
    return Tuple.from(
        new Object[] {
          conversations,
          eventIds,
          eventTypes,
          platforms,
          senderPlatforms,
          senderAccounts,
          senderPersons,
          requests,
          data,
          memberConversations.toArray(String[]::new),
          members.toArray(String[]::new),
          accountConversations.toArray(String[]::new),
          accountPlatforms.toArray(String[]::new),
          accountIds.toArray(String[]::new),
          fannedOut
        });
  }

  /** A conversation from a row with its kind, name, theme, last_seq and members. */
  private static Conversation conversation(String conversationId, Row row) {
    return new Conversation(
        conversationId,
        row.getString("kind"),
        row.getString("name"),
        row.getString("theme"),
        row.getLong("last_seq"),
        List.of(row.getArrayOfStrings("members")));
  }

  private static LogEntry entry(Row row) {
    return new LogEntry(
        row.getString("conversation_id"),
        row.getLong("seq"),
        row.getString("event_id"),
        row.getString("event_type"),
        Platform.fromWireName(row.getString("platform")),
        AccountRef.of(
            Platform.fromWireName(row.getString("sender_platform")),
            row.getString("sender_account")),
        row.getString("sender_person_id"),
        row.getBoolean("request"),
        row.getString("data"));
  }

  private static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }
}
