package io.switchboard.gateway.log;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The nonces of client writes (table {@code client_nonces}): the first frame that uses a device's
 * nonce claims it with the ids of its event, and every later frame with the same nonce gets those
 * ids back, so a resend never becomes a second write.
 */
@ApplicationScoped
public class ClientNonces {
  private static final String COLUMNS = "frame, conversation_id, event_id, message_id, published";

  private final Pool pool;

  public ClientNonces(Pool pool) {
    this.pool = pool;
  }

  /**
   * The ids a nonce stands for.
   *
   * @param frame the frame that first used the nonce
   * @param conversationId its conversation
   * @param eventId its event
   * @param messageId its message, for a {@code send}
   * @param published whether Kafka acknowledged the event
   */
  public record Claim(
      String frame, String conversationId, String eventId, String messageId, boolean published) {}

  /**
   * Claims a nonce for the given ids, or answers the ids of the frame that claimed it first. Of two
   * concurrent claims one inserts and the other, waiting on the first one's row, reads it
   * afterwards in a statement of its own (a new snapshot that sees the committed row).
   */
  public Uni<Claim> claim(
      String deviceAccountId,
      String nonce,
      String frame,
      String conversationId,
      String eventId,
      String messageId) {
    return pool.preparedQuery(
            "INSERT INTO gateway.client_nonces (device_account_id, nonce, frame, conversation_id,"
                + " event_id, message_id) VALUES ($1, $2, $3, $4, $5, $6)"
                + " ON CONFLICT (device_account_id, nonce) DO NOTHING RETURNING "
                + COLUMNS)
        .execute(Tuple.of(deviceAccountId, nonce, frame, conversationId, eventId, messageId))
        .chain(
            inserted ->
                inserted.iterator().hasNext()
                    ? Uni.createFrom().item(claim(inserted))
                    : existing(deviceAccountId, nonce));
  }

  /** Records that Kafka acknowledged the nonce's event. */
  public Uni<Void> published(String deviceAccountId, String nonce) {
    return pool.preparedQuery(
            "UPDATE gateway.client_nonces SET published = true"
                + " WHERE device_account_id = $1 AND nonce = $2")
        .execute(Tuple.of(deviceAccountId, nonce))
        .replaceWithVoid();
  }

  /** Forgets the nonces claimed longer ago than {@code retention}; answers how many. */
  public Uni<Integer> forgetOlderThan(Duration retention) {
    return pool.preparedQuery(
            "DELETE FROM gateway.client_nonces"
                + " WHERE created_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) retention.toSeconds()))
        .map(RowSet::rowCount);
  }

  private Uni<Claim> existing(String deviceAccountId, String nonce) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM gateway.client_nonces WHERE device_account_id = $1 AND nonce = $2")
        .execute(Tuple.of(deviceAccountId, nonce))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                throw new IllegalStateException("a claimed nonce was forgotten meanwhile");
              }
              return claim(rows);
            });
  }

  private static Claim claim(RowSet<Row> rows) {
    Row row = rows.iterator().next();
    return new Claim(
        row.getString("frame"),
        row.getString("conversation_id"),
        row.getString("event_id"),
        row.getString("message_id"),
        row.getBoolean("published"));
  }
}
