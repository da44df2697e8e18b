package io.switchboard.identity.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.identity.config.LinkingConfig;
import io.switchboard.identity.entity.LinkRequest;
import io.switchboard.identity.repository.LinkRequestRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How often links may be started, counted from the link requests of the last hour: the limits hold
 * across restarts and replicas. Each key is locked until commit, so concurrent starts are counted
 * one after the other.
 */
@ApplicationScoped
public class LinkRateLimits {
  static final Duration WINDOW = Duration.ofHours(1);

  private final LinkRequestRepository requests;
  private final LinkingConfig config;
  private final Clock clock;

  public LinkRateLimits(LinkRequestRepository requests, LinkingConfig config, Clock clock) {
    this.requests = requests;
    this.config = config;
    this.clock = clock;
  }

  /** Fails with {@link RateLimitedException} when the person or the target had enough starts. */
  public Uni<Void> checkStart(UUID personId, AccountRef target) {
    return requests
        .lock("link-start:person:" + personId)
        .flatMap(ignored -> requests.lock("link-start:target:" + AccountRoute.keyOf(target)))
        .flatMap(ignored -> requests.startedByPerson(personId, since()))
        .invoke(started -> refuseIfFull(started, config.startsPerPersonPerHour()))
        .flatMap(ignored -> requests.startedTowards(target, since()))
        .invoke(started -> refuseIfFull(started, config.startsPerTargetPerHour()))
        .flatMap(ignored -> requests.exhausted(personId, target, clock.instant()))
        .invoke(this::refuseIfExhausted)
        .replaceWithVoid();
  }

  /** Whoever spent every attempt on a code waits until it would have expired. */
  private void refuseIfExhausted(List<LinkRequest> exhausted) {
    if (!exhausted.isEmpty()) {
      throw new RateLimitedException(
          "too_many_attempts",
          "too many wrong codes for this account; try again later",
          Duration.between(clock.instant(), exhausted.get(0).expiresAt),
          null);
    }
  }

  private Instant since() {
    return clock.instant().minus(WINDOW);
  }

  private void refuseIfFull(List<Instant> started, int limit) {
    if (started.size() < limit) {
      return;
    }
    // The window has room again once enough of the oldest starts have aged out of it.
    Instant freed = started.get(started.size() - limit).plus(WINDOW);
    throw new RateLimitedException(
        "rate_limited",
        "too many links started; try again later",
        Duration.between(clock.instant(), freed),
        null);
  }
}
