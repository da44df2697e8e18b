package io.switchboard.identity.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.identity.entity.Account;
import io.switchboard.identity.entity.MessageControl;
import io.switchboard.identity.entity.Person;
import io.switchboard.identity.entity.PersonBlock;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.identity.repository.MessageControlRepository;
import io.switchboard.identity.repository.PersonBlockRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A person's choices: consent, message controls, blocks and delivery. Every change locks the
 * person, and reaches identity.links through the outbox in the caller's transaction; a request that
 * changes nothing publishes nothing.
 */
@ApplicationScoped
public class SettingsService {
  public static final String DEFAULT_KNOWN = "inbox";
  public static final String DEFAULT_UNKNOWN = "requests";

  /** Keeps a blocker's routes (one UUID per block, on every account) well below Kafka's limits. */
  public static final int MAX_BLOCKS = 1000;

  private final PersonLocks locks;
  private final AccountRepository accounts;
  private final MessageControlRepository controls;
  private final PersonBlockRepository blocks;
  private final Outbox outbox;
  private final Clock clock;

  public SettingsService(
      PersonLocks locks,
      AccountRepository accounts,
      MessageControlRepository controls,
      PersonBlockRepository blocks,
      Outbox outbox,
      Clock clock) {
    this.locks = locks;
    this.accounts = accounts;
    this.controls = controls;
    this.blocks = blocks;
    this.outbox = outbox;
    this.clock = clock;
  }

  public Uni<Person> setConsent(UUID personId, boolean crossAppEnabled) {
    return locks
        .lock(personId)
        .flatMap(
            person -> {
              if (person.crossAppEnabled == crossAppEnabled) {
                return Uni.createFrom().item(person);
              }
              person.crossAppEnabled = crossAppEnabled;
              return outbox.personChanged(person).replaceWith(person);
            });
  }

  /** One control per source app, the defaults where the person chose nothing. */
  public Uni<List<AccountRoute.MessageControl>> controls(UUID personId) {
    return locks
        .require(personId)
        .flatMap(person -> controls.listByPerson(personId))
        .map(
            chosen -> {
              Map<Platform, MessageControl> bySource =
                  chosen.stream()
                      .collect(Collectors.toMap(c -> c.key.sourcePlatform(), Function.identity()));
              return Arrays.stream(Platform.values())
                  .map(
                      source -> {
                        MessageControl c = bySource.get(source);
                        return c == null
                            ? new AccountRoute.MessageControl(
                                source, DEFAULT_KNOWN, DEFAULT_UNKNOWN)
                            : new AccountRoute.MessageControl(source, c.known, c.unknown);
                      })
                  .toList();
            });
  }

  public Uni<AccountRoute.MessageControl> setControl(
      UUID personId, Platform source, String known, String unknown) {
    AccountRoute.MessageControl result = new AccountRoute.MessageControl(source, known, unknown);
    MessageControl.Key key = new MessageControl.Key(personId, source);
    return locks
        .lock(personId)
        .flatMap(
            person ->
                controls
                    .findById(key)
                    .flatMap(
                        existing -> {
                          if (existing != null
                              && existing.known.equals(known)
                              && existing.unknown.equals(unknown)) {
                            return Uni.createFrom().voidItem();
                          }
                          MessageControl control = existing;
                          if (control == null) {
                            control = new MessageControl();
                            control.key = key;
                          }
                          control.known = known;
                          control.unknown = unknown;
                          return controls
                              .persist(control)
                              .flatMap(ignored -> outbox.personChanged(person));
                        }))
        .replaceWith(result);
  }

  public Uni<List<PersonBlock>> blocks(UUID personId) {
    return locks.require(personId).flatMap(person -> blocks.listByPerson(personId));
  }

  /** Blocks another person on every app; blocking twice is one block. */
  public Uni<Void> block(UUID personId, UUID blockedPersonId) {
    if (personId.equals(blockedPersonId)) {
      throw Refusals.invalid("blockedPersonId", "cannot be the person themselves");
    }
    PersonBlock.Key key = new PersonBlock.Key(personId, blockedPersonId);
    return locks
        .lock(personId)
        .flatMap(
            person ->
                locks
                    .share(blockedPersonId, "no such person to block")
                    .flatMap(blocked -> blocks.findById(key))
                    .flatMap(
                        existing ->
                            existing != null
                                ? Uni.createFrom().voidItem()
                                : addBlock(person, key)));
  }

  private Uni<Void> addBlock(Person person, PersonBlock.Key key) {
    return blocks
        .countByPerson(person.id)
        .flatMap(
            count -> {
              if (count >= MAX_BLOCKS) {
                throw Refusals.unprocessable(
                    "too_many_blocks", "a person may block at most " + MAX_BLOCKS + " persons");
              }
              PersonBlock block = new PersonBlock();
              block.key = key;
              block.createdAt = clock.instant();
              return blocks.persist(block).flatMap(ignored -> outbox.personChanged(person));
            });
  }

  /** Lifts a block; lifting one that does not exist changes nothing and is not an error. */
  public Uni<Void> unblock(UUID personId, UUID blockedPersonId) {
    PersonBlock.Key key = new PersonBlock.Key(personId, blockedPersonId);
    return locks
        .lock(personId)
        .flatMap(
            person ->
                blocks
                    .findById(key)
                    .flatMap(
                        existing ->
                            existing == null
                                ? Uni.createFrom().voidItem()
                                : blocks
                                    .delete(existing)
                                    .flatMap(ignored -> outbox.personChanged(person))));
  }

  /**
   * Where the person's messages go. {@code preferred} needs a platform the person has an account on
   * (422 otherwise); the other modes take none.
   */
  public Uni<Person> setDelivery(UUID personId, String mode, Platform preferred) {
    return locks
        .lock(personId)
        .flatMap(
            person ->
                accounts
                    .listByPerson(personId)
                    .flatMap(
                        owned -> {
                          if (preferred != null && !linked(owned, preferred)) {
                            throw Refusals.unprocessable(
                                "preference_not_linked",
                                "preferredPlatform must be an app the person has linked");
                          }
                          if (mode.equals(person.deliveryMode)
                              && preferred == person.preferredPlatform) {
                            return Uni.createFrom().item(person);
                          }
                          person.deliveryMode = mode;
                          person.preferredPlatform = preferred;
                          return outbox.personChanged(person).replaceWith(person);
                        }));
  }

  /**
   * The app the person wrote from at {@code at} (when the mesh received the message); true when
   * that changed their last used app. Nothing changes for a message older than the one that set it,
   * so a message read late or replayed never moves it back. 422 when the person has no account on
   * that app.
   */
  public Uni<Boolean> setLastUsed(UUID personId, Platform platform, Instant at) {
    return locks
        .lock(personId)
        .flatMap(
            person ->
                accounts
                    .listByPerson(personId)
                    .flatMap(
                        owned -> {
                          if (!linked(owned, platform)) {
                            throw Refusals.unprocessable(
                                "platform_not_linked",
                                "platform must be an app the person has linked");
                          }
                          if (person.lastUsedAt != null && !at.isAfter(person.lastUsedAt)) {
                            return Uni.createFrom().item(false);
                          }
                          if (platform == person.lastUsedPlatform) {
                            return Uni.createFrom().item(false);
                          }
                          person.lastUsedPlatform = platform;
                          person.lastUsedAt = at;
                          return outbox.personChanged(person).replaceWith(true);
                        }));
  }

  /**
   * Forgets delivery choices that point at an app the person no longer has an account on: a
   * preferred app falls back to every app. Call after an account left the person, before
   * publishing.
   */
  public static void forgetUnlinked(Person person, List<Account> remaining) {
    if (person.preferredPlatform != null && !linked(remaining, person.preferredPlatform)) {
      person.preferredPlatform = null;
      if ("preferred".equals(person.deliveryMode)) {
        person.deliveryMode = "all";
      }
    }
    if (person.lastUsedPlatform != null && !linked(remaining, person.lastUsedPlatform)) {
      person.lastUsedPlatform = null;
      person.lastUsedAt = null;
    }
  }

  private static boolean linked(List<Account> owned, Platform platform) {
    return owned.stream().anyMatch(a -> a.platform == platform);
  }
}
