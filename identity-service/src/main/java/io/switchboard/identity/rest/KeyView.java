package io.switchboard.identity.rest;

import io.switchboard.identity.entity.DeviceKey;
import java.time.Instant;

/**
 * A device's current key, as its owner sees it.
 *
 * @param keyId the id senders name in sealed envelopes
 * @param algorithm X25519 or Ed25519
 * @param createdAt when the key was registered
 */
public record KeyView(String keyId, String algorithm, Instant createdAt) {
  static KeyView of(DeviceKey key) {
    return new KeyView(key.keyId, key.algorithm, key.createdAt);
  }
}
