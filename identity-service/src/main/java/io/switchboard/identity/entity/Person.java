package io.switchboard.identity.entity;

import io.switchboard.events.Platform;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person: one stable id across every app, and the choices they made. */
@Entity
@Table(name = "person")
public class Person {
  @Id public UUID id;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** Bumped on every change that reaches identity.links. */
  @Column(nullable = false)
  public long version;

  @Column(name = "cross_app_enabled", nullable = false)
  public boolean crossAppEnabled;

  @Column(name = "delivery_mode", nullable = false)
  public String deliveryMode = "all";

  @Column(name = "preferred_platform")
  public Platform preferredPlatform;

  @Column(name = "last_used_platform")
  public Platform lastUsedPlatform;

  /** When the message that set {@link #lastUsedPlatform} was received; null when it was not. */
  @Column(name = "last_used_at")
  public Instant lastUsedAt;

  public static Person create(Instant now) {
    Person person = new Person();
    person.id = UUID.randomUUID();
    person.createdAt = now;
    person.updatedAt = now;
    return person;
  }

  /** Marks a change that routing must learn about. */
  public void touch(Instant now) {
    updatedAt = now;
    version++;
  }
}
