package io.switchboard.identity.rest;

import io.switchboard.events.AccountRef;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.identity.entity.Account;
import io.switchboard.identity.entity.Person;
import java.time.Instant;
import java.util.List;

/**
 * A person as their owner (or a mesh service) sees them.
 *
 * @param id the person's stable id
 * @param accounts every linked account
 * @param crossAppEnabled whether cross-app messaging is on
 * @param delivery where their messages go
 * @param version the version last published to identity.links
 * @param createdAt when the person was registered
 */
public record PersonView(
    String id,
    List<AccountRef> accounts,
    boolean crossAppEnabled,
    AccountRoute.DeliveryPreference delivery,
    long version,
    Instant createdAt) {

  public static PersonView of(Person person, List<Account> accounts) {
    return new PersonView(
        person.id.toString(),
        accounts.stream().map(Account::ref).toList(),
        person.crossAppEnabled,
        new AccountRoute.DeliveryPreference(
            person.deliveryMode, person.preferredPlatform, person.lastUsedPlatform),
        person.version,
        person.createdAt);
  }
}
