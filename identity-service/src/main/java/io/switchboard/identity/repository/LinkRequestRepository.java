package io.switchboard.identity.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.identity.entity.LinkRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class LinkRequestRepository implements PanacheRepositoryBase<LinkRequest, UUID> {

  /** When the person's link requests since {@code since} were created, oldest first. */
  public Uni<List<Instant>> startedByPerson(UUID personId, Instant since) {
    return list("personId = ?1 and createdAt > ?2 order by createdAt", personId, since)
        .map(LinkRequestRepository::createdAt);
  }

  /** When link requests towards {@code target} since {@code since} were created, oldest first. */
  public Uni<List<Instant>> startedTowards(AccountRef target, Instant since) {
    return list(
            "targetPlatform = ?1 and targetAccountId = ?2 and createdAt > ?3 order by createdAt",
            target.platform(),
            target.accountId(),
            since)
        .map(LinkRequestRepository::createdAt);
  }

  /** The person's requests that can still be confirmed. */
  public Uni<List<LinkRequest>> pendingOf(UUID personId, Instant now) {
    return list(
        "personId = ?1 and status = 'pending' and expiresAt > ?2 order by createdAt",
        personId,
        now);
  }

  /** The person's exhausted requests towards {@code target} that have not expired yet. */
  public Uni<List<LinkRequest>> exhausted(UUID personId, AccountRef target, Instant now) {
    return list(
        "personId = ?1 and targetPlatform = ?2 and targetAccountId = ?3"
            + " and status = 'exhausted' and expiresAt > ?4 order by expiresAt desc",
        personId,
        target.platform(),
        target.accountId(),
        now);
  }

  /** A new code for the same account replaces the older ones. */
  public Uni<Integer> cancelPending(UUID personId, AccountRef target) {
    return update(
        "status = 'cancelled' where personId = ?1 and targetPlatform = ?2"
            + " and targetAccountId = ?3 and status = 'pending'",
        personId,
        target.platform(),
        target.accountId());
  }

  /**
   * Holds a transaction-scoped advisory lock on {@code key} until commit: serializes the check and
   * the insert of rate-limited starts across replicas.
   */
  public Uni<Void> lock(String key) {
    return Panache.getSession()
        .flatMap(
            session ->
                session
                    .createNativeQuery(
                        "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0)))"
                            + " l",
                        Long.class)
                    .setParameter(1, key)
                    .getSingleResult())
        .replaceWithVoid();
  }

  private static List<Instant> createdAt(List<LinkRequest> requests) {
    return requests.stream().map(r -> r.createdAt).toList();
  }
}
