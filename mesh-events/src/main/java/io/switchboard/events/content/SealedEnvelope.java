package io.switchboard.events.content;

/**
 * The sealed content for one recipient device.
 *
 * @param recipientDeviceKeyId the key id of the device that can open it
 * @param encapsulatedKey the sender's encapsulated key (HPKE {@code enc}), base64
 * @param ciphertext the sealed payload, base64
 */
public record SealedEnvelope(
    String recipientDeviceKeyId, String encapsulatedKey, String ciphertext) {
  @Override
  public String toString() {
    return "SealedEnvelope[recipientDeviceKeyId="
        + recipientDeviceKeyId
        + ", "
        + ciphertext.length()
        + " sealed chars]";
  }
}
