package io.switchboard.messenger.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.adapter.dedupe.Claim;
import io.switchboard.adapter.dedupe.DedupeCleanup;
import io.switchboard.adapter.dedupe.DedupeStore;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The dedupe store's SQL against the devstack's PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class DedupeStoreTest {
  @Inject DedupeStore store;
  @Inject DedupeCleanup cleanup;
  @Inject DataSource db;
  @Inject Pool pool;

  @Test
  void theStoresConnectionsCommitWithoutWaitingForTheDisk() {
    String setting =
        pool.query("SHOW synchronous_commit")
            .execute()
            .map(rows -> rows.iterator().next().getString(0))
            .await()
            .indefinitely();

    assertThat(setting).isEqualTo("off");
  }

  @Test
  void claimsNewIdsOnce() {
    String a = id();
    String b = id();

    Claim first = store.claim(List.of(a, b)).await().indefinitely();
    Claim second = store.claim(List.of(a, b)).await().indefinitely();

    assertThat(first.eventIds()).containsExactlyInAnyOrder(a, b);
    assertThat(first.claimedAt()).isNotNull();
    assertThat(second.eventIds()).isEmpty();
    assertThat(DedupeRows.states(db, a)).containsExactly("claimed");
  }

  @Test
  void aPublishedIdIsNeverClaimedAgainWithinTheWindow() {
    String a = id();
    Claim claim = store.claim(List.of(a)).await().indefinitely();
    store.markPublished(claim).await().indefinitely();
    DedupeRows.execute(
        db,
        "UPDATE adapter.webhook_dedupe SET claimed_at = now() - interval '1 hour' WHERE event_id = ?",
        a);

    assertThat(store.claim(List.of(a)).await().indefinitely().eventIds()).isEmpty();
    assertThat(DedupeRows.states(db, a)).containsExactly("published");
  }

  @Test
  void aStaleUnpublishedClaimIsTakenOverAndAFreshOneIsNot() {
    String stale = id();
    String fresh = id();
    store.claim(List.of(stale, fresh)).await().indefinitely();
    DedupeRows.execute(
        db,
        "UPDATE adapter.webhook_dedupe SET claimed_at = now() - interval '1 minute'"
            + " WHERE event_id = ?",
        stale);

    Claim retry = store.claim(List.of(stale, fresh)).await().indefinitely();

    assertThat(retry.eventIds()).containsExactly(stale);
  }

  @Test
  void releaseFreesOnlyThisRequestsUnpublishedClaims() {
    String released = id();
    String published = id();
    Claim claim = store.claim(List.of(released, published)).await().indefinitely();
    store.markPublished(new Claim(Set.of(published), claim.claimedAt())).await().indefinitely();
    String otherRequests = id();
    store.claim(List.of(otherRequests)).await().indefinitely();

    store
        .release(new Claim(Set.of(released, published, otherRequests), claim.claimedAt()))
        .await()
        .indefinitely();

    assertThat(DedupeRows.states(db, released)).isEmpty();
    assertThat(DedupeRows.states(db, published)).containsExactly("published");
    assertThat(DedupeRows.states(db, otherRequests)).containsExactly("claimed");
    assertThat(store.claim(List.of(released)).await().indefinitely().eventIds())
        .containsExactly(released);
  }

  @Test
  void theCleanupDeletesExpiredIdsOnly() {
    String expired = id();
    String kept = id();
    Claim claim = store.claim(List.of(expired, kept)).await().indefinitely();
    store.markPublished(claim).await().indefinitely();
    DedupeRows.execute(
        db,
        "UPDATE adapter.webhook_dedupe SET expires_at = now() - interval '1 second'"
            + " WHERE event_id = ?",
        expired);

    int deleted = cleanup.deleteExpired().await().indefinitely();

    assertThat(deleted).isGreaterThanOrEqualTo(1);
    assertThat(DedupeRows.states(db, expired)).isEmpty();
    assertThat(DedupeRows.states(db, kept)).containsExactly("published");
  }

  @Test
  void aClaimRemembersTheIdForTheConfiguredWindow() {
    String a = id();
    store.claim(List.of(a)).await().indefinitely();

    assertThat(
            DedupeRows.count(
                db,
                "SELECT count(*) FROM adapter.webhook_dedupe WHERE event_id = ?"
                    + " AND expires_at - claimed_at = interval '36 hours'",
                a))
        .isEqualTo(1);
  }

  private static String id() {
    return "test-" + UUID.randomUUID();
  }
}
