package io.switchboard.events.content;

import java.util.List;

/**
 * End-to-end sealed content. The mesh routes it and never opens, logs or stores it in clear: it
 * holds one envelope per recipient device, made by the sender's device.
 *
 * @param algorithm the sealing suite, e.g. {@code HPKE-X25519-HKDF-SHA256-AES-128-GCM}
 * @param senderDeviceKeyId the key id of the sending device, for authentication on open
 * @param envelopes one per recipient device
 */
public record SealedContent(
    String algorithm, String senderDeviceKeyId, List<SealedEnvelope> envelopes) implements Content {
  public SealedContent {
    envelopes = envelopes == null ? List.of() : List.copyOf(envelopes);
  }

  /** Total ciphertext size in bytes, as base64 text; what a log may say about sealed content. */
  public int sealedSize() {
    return envelopes.stream().mapToInt(e -> e.ciphertext().length()).sum();
  }
}
