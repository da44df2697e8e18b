package io.switchboard.adapter.dedupe;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The webhook dedupe store: one PostgreSQL row per platform event an adapter took, shared by all
 * replicas and kept across restarts for the platform's retry window. Times are the database's, so
 * replicas with drifting clocks agree.
 *
 * <p>An event is taken in two steps: {@link #claim} inserts its id (or takes over a claim that went
 * stale without being published), and {@link #markPublished} records that Kafka acknowledged it. A
 * request that could not publish {@link #release}s its claims so that the platform's retry goes
 * through.
 */
@ApplicationScoped
public class DedupeStore {
  /** The schema the adapters' migrations ({@code db/adapter-migration}) create their tables in. */
  public static final String SCHEMA = "adapter";

  private static final String CLAIM =
      """
      INSERT INTO adapter.webhook_dedupe AS d (event_id, claimed_at, expires_at)
      SELECT DISTINCT id, now(), now() + $2::bigint * interval '1 millisecond'
      FROM unnest($1::text[]) AS ids (id)
      ON CONFLICT (event_id) DO UPDATE
        SET claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
        WHERE d.published_at IS NULL
          AND d.claimed_at < now() - $3::bigint * interval '1 millisecond'
      RETURNING event_id, claimed_at""";

  private static final String MARK_PUBLISHED =
      "UPDATE adapter.webhook_dedupe SET published_at = now() WHERE event_id = ANY($1::text[])";

  private static final String RELEASE =
      """
      DELETE FROM adapter.webhook_dedupe
      WHERE event_id = ANY($1::text[]) AND published_at IS NULL AND claimed_at = $2""";

  private static final String DELETE_EXPIRED =
      """
      DELETE FROM adapter.webhook_dedupe WHERE event_id IN (
        SELECT event_id FROM adapter.webhook_dedupe
        WHERE expires_at < now()
        ORDER BY expires_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED)""";

  private final Pool pool;
  private final DedupeConfig config;

  public DedupeStore(Pool pool, DedupeConfig config) {
    this.pool = pool;
    this.config = config;
  }

  /**
   * Claims the ids no one has taken: new ones, and ones whose earlier claim went stale unpublished.
   * An id already published, or claimed by a request still in flight, is not in the result.
   */
  public Uni<Claim> claim(Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Uni.createFrom().item(new Claim(Set.of(), null));
    }
    Tuple args =
        Tuple.of(
            eventIds.toArray(String[]::new),
            config.window().toMillis(),
            config.claimTimeout().toMillis());
    return pool.preparedQuery(CLAIM).execute(args).map(DedupeStore::toClaim);
  }

  /** Records that Kafka acknowledged the claimed events: from now on they are duplicates. */
  public Uni<Void> markPublished(Claim claim) {
    if (claim.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return pool.preparedQuery(MARK_PUBLISHED)
        .execute(Tuple.of(claim.eventIds().toArray(String[]::new)))
        .replaceWithVoid();
  }

  /**
   * Gives up this request's unpublished claims, so the platform's retry publishes them. A claim
   * another request took over in the meantime is left alone.
   */
  public Uni<Void> release(Claim claim) {
    if (claim.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return pool.preparedQuery(RELEASE)
        .execute(Tuple.of(claim.eventIds().toArray(String[]::new), claim.claimedAt()))
        .replaceWithVoid();
  }

  /** Deletes up to {@code limit} ids whose window has passed; the number deleted. */
  public Uni<Integer> deleteExpired(int limit) {
    return pool.preparedQuery(DELETE_EXPIRED).execute(Tuple.of(limit)).map(RowSet::rowCount);
  }

  private static Claim toClaim(RowSet<Row> rows) {
    Set<String> ids = new HashSet<>();
    OffsetDateTime claimedAt = null;
    for (Row row : rows) {
      ids.add(row.getString("event_id"));
      claimedAt = row.getOffsetDateTime("claimed_at");
    }
    return new Claim(ids, claimedAt);
  }
}
