package io.switchboard.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One person blocked another, on every app either of them uses. */
@Entity
@Table(name = "person_block")
public class PersonBlock {
  @EmbeddedId public Key key;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  /** Who blocked whom. */
  @Embeddable
  public record Key(
      @Column(name = "person_id") UUID personId,
      @Column(name = "blocked_person_id") UUID blockedPersonId)
      implements Serializable {}
}
