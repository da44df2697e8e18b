package io.switchboard.identity.entity;

import io.switchboard.events.Platform;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A pending proof that a person holds another app's account: a one-time code sent there. */
@Entity
@Table(name = "link_request")
public class LinkRequest {
  @Id public UUID id;

  @Column(name = "person_id", nullable = false)
  public UUID personId;

  @Column(name = "from_account", nullable = false)
  public UUID fromAccount;

  @Column(name = "target_platform", nullable = false)
  public Platform targetPlatform;

  @Column(name = "target_account_id", nullable = false)
  public String targetAccountId;

  /** HMAC of the code; the code itself is never stored. */
  @Column(name = "code_hash", nullable = false)
  public byte[] codeHash;

  @Column(name = "attempts_left", nullable = false)
  public int attemptsLeft;

  /** pending, confirmed, expired, exhausted or cancelled. */
  @Column(nullable = false)
  public String status;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "expires_at", nullable = false)
  public Instant expiresAt;
}
