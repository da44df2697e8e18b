package io.switchboard.whatsapp.chats;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The per-chat message counts ({@code whatsapp.chat_stats}, migrated from {@code
 * db/whatsapp-migration}). A webhook's increments go in one statement, whatever the number of
 * chats; concurrent webhooks add up, since each increment is relative.
 */
@ApplicationScoped
public class ChatStatsRepository {
  private static final String INCREMENT =
      """
      INSERT INTO whatsapp.chat_stats AS s (chat_id, messages, last_message_at)
      SELECT * FROM unnest($1::text[], $2::bigint[], $3::timestamptz[])
      ON CONFLICT (chat_id) DO UPDATE
        SET messages = s.messages + excluded.messages,
            last_message_at = greatest(s.last_message_at, excluded.last_message_at)""";

  private static final String FIND =
      "SELECT messages, last_message_at FROM whatsapp.chat_stats WHERE chat_id = $1";

  private final Pool pool;

  public ChatStatsRepository(Pool pool) {
    this.pool = pool;
  }

  /** Adds one webhook's counts. */
  public Uni<Void> increment(ChatCounts counts) {
    if (counts.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    Tuple args =
        Tuple.of(
            counts.chatIds().toArray(String[]::new),
            counts.messages().toArray(Long[]::new),
            counts.lastMessageAt().stream()
                .map(at -> OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .toArray(OffsetDateTime[]::new));
    return pool.preparedQuery(INCREMENT).execute(args).replaceWithVoid();
  }

  /** The counts of one chat, if any message of it was counted. */
  public Uni<Optional<ChatStats>> find(String chatId) {
    return pool.preparedQuery(FIND).execute(Tuple.of(chatId)).map(rows -> toStats(chatId, rows));
  }

  private static Optional<ChatStats> toStats(String chatId, RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    Instant last = row.getOffsetDateTime("last_message_at").toInstant();
    return Optional.of(new ChatStats(chatId, row.getLong("messages"), last));
  }
}
