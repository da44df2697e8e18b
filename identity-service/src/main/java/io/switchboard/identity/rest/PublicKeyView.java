package io.switchboard.identity.rest;

import io.switchboard.identity.entity.DeviceKey;
import java.util.Base64;

/**
 * A current public key of a person's device, for sealing messages to it.
 *
 * @param keyId the id to name in the sealed envelope
 * @param deviceId the device holding the private half
 * @param algorithm X25519 or Ed25519
 * @param publicKey the raw 32-byte public key, base64
 */
public record PublicKeyView(String keyId, String deviceId, String algorithm, String publicKey) {
  static PublicKeyView of(DeviceKey key) {
    return new PublicKeyView(
        key.keyId,
        key.deviceId.toString(),
        key.algorithm,
        Base64.getEncoder().encodeToString(key.publicKey));
  }
}
