package io.switchboard.whatsapp.inbound;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code sealed} part of a sealed push: end-to-end sealed content made on the sender's device,
 * one envelope per recipient device. The bridge checks its shape and size and carries the strings
 * unchanged; it has no key to open them. See {@code docs/whatsapp.md#sealed-dialect}.
 *
 * @param algorithm the sealing suite; only {@code HPKE-X25519-HKDF-SHA256-AES-128-GCM} is accepted
 * @param senderDeviceKeyId the key id of the sending device
 * @param envelopes one per recipient device
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SealedPush(
    String algorithm,
    @JsonProperty("sender_device_key_id") String senderDeviceKeyId,
    List<Envelope> envelopes) {

  public SealedPush {
    envelopes = envelopes == null ? List.of() : List.copyOf(envelopes);
  }

  /** Never prints ciphertext. */
  @Override
  public String toString() {
    return "SealedPush[algorithm=" + algorithm + ", envelopes=" + envelopes.size() + "]";
  }

  /**
   * The sealed content for one recipient device.
   *
   * @param recipientDeviceKeyId the key id of the device that can open it
   * @param enc the HPKE encapsulated key, standard base64
   * @param ciphertext the sealed bytes, standard base64
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Envelope(
      @JsonProperty("recipient_device_key_id") String recipientDeviceKeyId,
      String enc,
      String ciphertext) {
    @Override
    public String toString() {
      return "Envelope[recipientDeviceKeyId=" + recipientDeviceKeyId + "]";
    }
  }
}
