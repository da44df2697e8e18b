package io.switchboard.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Another identifier of an account (WhatsApp wa_id, BSUID or phone number). A superseded one keeps
 * its row with {@code validTo} set: the history of who the account was.
 */
@Entity
@Table(name = "account_alias")
public class AccountAlias {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "account_id", nullable = false)
  public UUID accountId;

  @Column(nullable = false)
  public String kind;

  @Column(nullable = false)
  public String value;

  @Column(name = "valid_from", nullable = false)
  public Instant validFrom;

  @Column(name = "valid_to")
  public Instant validTo;

  public static AccountAlias of(UUID accountId, String kind, String value, Instant now) {
    AccountAlias alias = new AccountAlias();
    alias.accountId = accountId;
    alias.kind = kind;
    alias.value = value;
    alias.validFrom = now;
    return alias;
  }

  public boolean current() {
    return validTo == null;
  }
}
