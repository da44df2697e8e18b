package io.switchboard.identity.service;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.identity.entity.Account;
import io.switchboard.identity.entity.AccountAlias;
import io.switchboard.identity.entity.DeviceKey;
import io.switchboard.identity.entity.MessageControl;
import io.switchboard.identity.entity.Person;
import io.switchboard.identity.entity.PersonBlock;
import io.switchboard.identity.repository.AccountAliasRepository;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.identity.repository.DeviceKeyRepository;
import io.switchboard.identity.repository.MessageControlRepository;
import io.switchboard.identity.repository.PersonBlockRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Projects a person's state into one {@link AccountRoute} per account: what routing needs. */
@ApplicationScoped
public class RouteProjector {
  /** Aliases that may travel on Kafka: identifiers, never phone numbers. */
  private static final Set<String> PUBLISHED_ALIASES = Set.of("wa_id", "bsuid");

  private final AccountRepository accounts;
  private final AccountAliasRepository aliases;
  private final MessageControlRepository controls;
  private final PersonBlockRepository blocks;
  private final DeviceKeyRepository keys;

  public RouteProjector(
      AccountRepository accounts,
      AccountAliasRepository aliases,
      MessageControlRepository controls,
      PersonBlockRepository blocks,
      DeviceKeyRepository keys) {
    this.accounts = accounts;
    this.aliases = aliases;
    this.controls = controls;
    this.blocks = blocks;
    this.keys = keys;
  }

  /** One route per account of the person, in account order. */
  public Uni<List<AccountRoute>> routesOf(Person person) {
    return accounts
        .listByPerson(person.id)
        .flatMap(
            owned ->
                aliases
                    .currentOf(owned.stream().map(a -> a.id).toList())
                    .flatMap(
                        current ->
                            controls
                                .listByPerson(person.id)
                                .flatMap(
                                    ctl ->
                                        blocks
                                            .listByPerson(person.id)
                                            .flatMap(
                                                blk ->
                                                    keys.currentOfPerson(person.id)
                                                        .map(
                                                            k ->
                                                                project(
                                                                    person, owned, current, ctl,
                                                                    blk, k))))));
  }

  static List<AccountRoute> project(
      Person person,
      List<Account> owned,
      List<AccountAlias> currentAliases,
      List<MessageControl> controls,
      List<PersonBlock> blocks,
      List<DeviceKey> keys) {
    List<AccountRef> routes = owned.stream().map(Account::ref).toList();
    Map<java.util.UUID, List<String>> aliasesByAccount =
        currentAliases.stream()
            .filter(a -> PUBLISHED_ALIASES.contains(a.kind))
            .collect(
                Collectors.groupingBy(
                    a -> a.accountId, Collectors.mapping(a -> a.value, Collectors.toList())));
    AccountRoute.DeliveryPreference delivery =
        new AccountRoute.DeliveryPreference(
            person.deliveryMode, person.preferredPlatform, person.lastUsedPlatform);
    List<AccountRoute.MessageControl> controlList =
        controls.stream()
            .map(c -> new AccountRoute.MessageControl(c.key.sourcePlatform(), c.known, c.unknown))
            .toList();
    List<String> blocked = blocks.stream().map(b -> b.key.blockedPersonId().toString()).toList();
    List<String> keyIds = keys.stream().map(k -> k.keyId).toList();
    return owned.stream()
        .map(
            account ->
                new AccountRoute(
                    account.ref(),
                    aliasesByAccount.getOrDefault(account.id, List.of()).stream()
                        .filter(alias -> !alias.equals(account.accountId))
                        .toList(),
                    person.id.toString(),
                    routes,
                    person.crossAppEnabled,
                    delivery,
                    controlList,
                    blocked,
                    keyIds,
                    person.version,
                    person.updatedAt))
        .toList();
  }
}
