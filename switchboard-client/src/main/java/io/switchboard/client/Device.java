package io.switchboard.client;

import io.switchboard.events.sealed.DevicePrivateKey;
import io.switchboard.events.sealed.DevicePublicKey;
import io.switchboard.events.sealed.X25519KeyPair;
import java.util.Arrays;
import java.util.Objects;

/**
 * This device as the mesh knows it, with its X25519 key pair: what it seals with as a sender and
 * opens with as a recipient. The private key was made here and never sent anywhere; keeping it (in
 * the platform's key store, encrypted at rest) is the application's job, and a device that loses it
 * cannot open what was sealed to it. A stored device is restored with {@code new Device(deviceId,
 * keyId, X25519KeyPair.of(storedPrivateKey))}.
 *
 * <p>{@link #toString()} names the ids only.
 *
 * @param deviceId the device's id at the identity service (also its Switchboard account id)
 * @param keyId the id its public key is published under, named in sealed envelopes
 * @param keyPair the raw X25519 key pair
 */
public record Device(String deviceId, String keyId, X25519KeyPair keyPair) {
  public Device {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(keyPair, "keyPair");
    // Checks the key id as the sealing code does, so a bad id fails here and not on first use.
    new DevicePublicKey(keyId, keyPair.publicKey());
  }

  /** The private key under its key id, to seal or open with. */
  public DevicePrivateKey privateKey() {
    byte[] raw = keyPair.privateKey();
    try {
      return new DevicePrivateKey(keyId, raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** The public key under its key id, as others fetch it from the identity service. */
  public DevicePublicKey publicKey() {
    return new DevicePublicKey(keyId, keyPair.publicKey());
  }

  @Override
  public String toString() {
    return "Device[deviceId=" + deviceId + ", keyId=" + keyId + "]";
  }
}
