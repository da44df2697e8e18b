package io.switchboard.identity.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.identity.config.LinkingConfig;
import io.switchboard.identity.entity.Account;
import io.switchboard.identity.entity.LinkRequest;
import io.switchboard.identity.messaging.LinkCodeSender;
import io.switchboard.identity.repository.AccountAliasRepository;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.identity.repository.LinkRequestRepository;
import io.switchboard.service.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starting a link: a one-time code goes to the other account through the mesh. Starting answers the
 * same whether that account is unknown or someone else's, and does the same work either way: it
 * never looks at who holds the target. Callers hold the transaction.
 */
@ApplicationScoped
public class LinkService {
  private final PersonService people;
  private final AccountRepository accounts;
  private final AccountAliasRepository aliases;
  private final LinkRequestRepository requests;
  private final LinkRateLimits limits;
  private final LinkCodes codes;
  private final LinkCodeSender sender;
  private final LinkingConfig config;
  private final Clock clock;

  public LinkService(
      PersonService people,
      AccountRepository accounts,
      AccountAliasRepository aliases,
      LinkRequestRepository requests,
      LinkRateLimits limits,
      LinkCodes codes,
      LinkCodeSender sender,
      LinkingConfig config,
      Clock clock) {
    this.people = people;
    this.accounts = accounts;
    this.aliases = aliases;
    this.requests = requests;
    this.limits = limits;
    this.codes = codes;
    this.sender = sender;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Sends a code to {@code target} and keeps the request; 404 when {@code from} is not the
   * person's, 409 when the target already is, 429 when too many links were started.
   */
  public Uni<LinkRequest> start(UUID personId, AccountRef from, AccountRef target) {
    return people
        .require(personId)
        .flatMap(person -> accounts.listByPerson(personId))
        .flatMap(owned -> ownRefs(owned).map(refs -> source(owned, refs, from, target)))
        .call(source -> limits.checkStart(personId, target))
        .call(source -> requests.cancelPending(personId, target))
        .flatMap(source -> create(personId, source, target));
  }

  /** The person's requests that can still be confirmed. */
  public Uni<List<LinkRequest>> pending(UUID personId) {
    return people.require(personId).flatMap(p -> requests.pendingOf(personId, clock.instant()));
  }

  /** The person's accounts by their ids and by their current aliases. */
  private Uni<List<AccountRef>> ownRefs(List<Account> owned) {
    Map<UUID, Account> byId = owned.stream().collect(Collectors.toMap(a -> a.id, a -> a));
    return aliases
        .currentOf(byId.keySet())
        .map(
            current ->
                Stream.concat(
                        owned.stream().map(Account::ref),
                        current.stream()
                            .map(a -> AccountRef.of(byId.get(a.accountId).platform, a.value)))
                    .toList());
  }

  private static Account source(
      List<Account> owned, List<AccountRef> ownRefs, AccountRef from, AccountRef target) {
    Account source =
        owned.stream()
            .filter(a -> a.ref().equals(from))
            .findFirst()
            .orElseThrow(
                () ->
                    new ApiException(
                        404, "not_found", "from is not one of this person's accounts"));
    if (ownRefs.contains(target)) {
      throw new ApiException(409, "already_linked", "this account is already linked to you");
    }
    return source;
  }

  private Uni<LinkRequest> create(UUID personId, Account source, AccountRef target) {
    Instant now = clock.instant();
    String code = codes.newCode();
    LinkRequest request = new LinkRequest();
    request.id = UUID.randomUUID();
    request.personId = personId;
    request.fromAccount = source.id;
    request.targetPlatform = target.platform();
    request.targetAccountId = target.accountId();
    request.codeHash = codes.hash(request.id, code);
    request.attemptsLeft = config.maxAttempts();
    request.status = "pending";
    request.createdAt = now;
    request.expiresAt = now.plus(config.codeTtl());
    // Stored and flushed first: a code goes out only for a request that can be kept.
    return requests
        .persist(request)
        .call(ignored -> requests.flush())
        .call(ignored -> sender.send(request.id, target, code));
  }
}
