package io.switchboard.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A device's public key for sealed messages. Private keys never reach the mesh. */
@Entity
@Table(name = "device_key")
public class DeviceKey {
  @Id
  @Column(name = "key_id")
  public String keyId;

  @Column(name = "device_id", nullable = false)
  public UUID deviceId;

  @Column(nullable = false)
  public String algorithm;

  @Column(name = "public_key", nullable = false)
  public byte[] publicKey;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;
}
