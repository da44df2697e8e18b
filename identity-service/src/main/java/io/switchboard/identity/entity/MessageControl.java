package io.switchboard.identity.entity;

import io.switchboard.events.Platform;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.UUID;

/** Where messages from one source app land: {@code inbox}, {@code requests} or {@code refused}. */
@Entity
@Table(name = "message_control")
public class MessageControl {
  @EmbeddedId public Key key;

  @Column(nullable = false)
  public String known;

  @Column(nullable = false)
  public String unknown;

  /** A person and a source app. */
  @Embeddable
  public record Key(
      @Column(name = "person_id") UUID personId,
      @Column(name = "source_platform") Platform sourcePlatform)
      implements Serializable {}
}
