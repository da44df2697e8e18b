package io.switchboard.identity.entity;

import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One account on one app, linked to exactly one person. */
@Entity
@Table(name = "account")
public class Account {
  @Id public UUID id;

  @Column(name = "person_id", nullable = false)
  public UUID personId;

  @Column(nullable = false)
  public Platform platform;

  @Column(name = "account_id", nullable = false)
  public String accountId;

  @Column(name = "linked_at", nullable = false)
  public Instant linkedAt;

  public static Account of(UUID personId, AccountRef ref, Instant now) {
    Account account = new Account();
    account.id = UUID.randomUUID();
    account.personId = personId;
    account.platform = ref.platform();
    account.accountId = ref.accountId();
    account.linkedAt = now;
    return account;
  }

  public AccountRef ref() {
    return AccountRef.of(platform, accountId);
  }
}
