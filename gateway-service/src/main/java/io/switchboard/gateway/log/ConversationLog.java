package io.switchboard.gateway.log;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The conversation log in PostgreSQL (schema {@code gateway}): a message is stored once per
 * conversation, numbered in the statement that stores it, and storing the same event id again
 * changes nothing.
 */
@ApplicationScoped
public class ConversationLog {
  private static final String UNIQUE_VIOLATION = "23505";

  // One statement: the conversation's counter moves only when the event is new, and the row takes
  // the new number. A racing copy of the same event fails on event_id and its transaction rolls
  // back, counter included, so numbers stay dense.
  private static final String APPEND =
      """
      WITH bump AS (
        UPDATE gateway.conversations SET last_seq = last_seq + 1
         WHERE id = $1
           AND NOT EXISTS (SELECT 1 FROM gateway.messages WHERE event_id = $2)
        RETURNING last_seq)
      INSERT INTO gateway.messages (conversation_id, seq, event_id, event_type, platform,
          sender_platform, sender_account, sender_person_id, request, data)
      SELECT $1, last_seq, $2, $3, $4, $5, $6, $7, $8, $9::jsonb FROM bump
      RETURNING seq
      """;

  private static final String ENTRY_COLUMNS =
      "conversation_id, seq, event_id, event_type, platform, sender_platform, sender_account,"
          + " sender_person_id, request, data::text AS data";

  private final Pool pool;

  public ConversationLog(Pool pool) {
    this.pool = pool;
  }

  /** The outcome of an append: the entry's number, and whether this call stored it. */
  public record Appended(long seq, boolean fresh, boolean fannedOut) {}

  /**
   * Appends a message to its conversation (created on first use, kind {@code direct}) and makes the
   * persons members; a second append of the same event id returns the first one's number.
   */
  public Uni<Appended> append(LogEntry entry, Collection<String> memberPersonIds) {
    return pool.withTransaction(
            conn ->
                ensureConversation(conn, entry.conversationId(), memberPersonIds)
                    .chain(() -> conn.preparedQuery(APPEND).execute(appendArgs(entry)))
                    .map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null))
        .onFailure(ConversationLog::isUniqueViolation)
        .recoverWithNull()
        .chain(
            row ->
                row != null
                    ? Uni.createFrom().item(new Appended(row.getLong("seq"), true, false))
                    : existing(entry.eventId()));
  }

  /** Whether the conversation already has messages (its sender counts as known). */
  public Uni<Boolean> hasMessages(String conversationId) {
    return pool.preparedQuery("SELECT last_seq FROM gateway.conversations WHERE id = $1")
        .execute(Tuple.of(conversationId))
        .map(rows -> rows.iterator().hasNext() && rows.iterator().next().getLong(0) > 0);
  }

  /** Records that every outbound record of the event was acknowledged. */
  public Uni<Void> markFannedOut(String eventId) {
    return pool.preparedQuery("UPDATE gateway.messages SET fanned_out = true WHERE event_id = $1")
        .execute(Tuple.of(eventId))
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

  /** A device's cursor in a conversation, 0 when it never acknowledged anything. */
  public Uni<Long> cursor(String deviceAccountId, String conversationId) {
    return pool.preparedQuery(
            "SELECT acked_seq FROM gateway.device_cursors"
                + " WHERE device_account_id = $1 AND conversation_id = $2")
        .execute(Tuple.of(deviceAccountId, conversationId))
        .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : 0L);
  }

  private static Uni<Void> ensureConversation(
      SqlClient conn, String conversationId, Collection<String> members) {
    Uni<Void> created =
        conn.preparedQuery(
                "INSERT INTO gateway.conversations (id, kind) VALUES ($1, 'direct')"
                    + " ON CONFLICT (id) DO NOTHING")
            .execute(Tuple.of(conversationId))
            .replaceWithVoid();
    if (members.isEmpty()) {
      return created;
    }
    return created.chain(
        () ->
            conn.preparedQuery(
                    "INSERT INTO gateway.conversation_members (conversation_id, person_id)"
                        + " SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(conversationId, members.toArray(String[]::new)))
                .replaceWithVoid());
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

  private static Tuple appendArgs(LogEntry e) {
    return Tuple.from(
        new Object[] {
          e.conversationId(),
          e.eventId(),
          e.eventType(),
          e.platform().wireName(),
          e.sender().platform().wireName(),
          e.sender().accountId(),
          e.senderPersonId(),
          e.request(),
          // As a JSON object: a Java string would be stored as one JSON string value.
          new JsonObject(e.dataJson())
        });
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
