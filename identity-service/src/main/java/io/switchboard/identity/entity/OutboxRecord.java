package io.switchboard.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A record for {@code identity.links}, written in the transaction of the change it describes and
 * deleted once Kafka acknowledged it. No payload means a tombstone.
 */
@Entity
@Table(name = "outbox")
public class OutboxRecord {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "record_key", nullable = false)
  public String recordKey;

  @Column(name = "event_id")
  public String eventId;

  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb")
  public String payload;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
