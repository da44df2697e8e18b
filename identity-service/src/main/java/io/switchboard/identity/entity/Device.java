package io.switchboard.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A Switchboard client device; also an account on the {@code switchboard} platform. */
@Entity
@Table(name = "device")
public class Device {
  @Id public UUID id;

  @Column(name = "person_id", nullable = false)
  public UUID personId;

  /** The device's account row (platform switchboard, account id = device id). */
  @Column(nullable = false)
  public UUID account;

  @Column(nullable = false)
  public String name;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
