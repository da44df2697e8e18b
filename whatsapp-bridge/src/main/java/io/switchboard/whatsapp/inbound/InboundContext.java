package io.switchboard.whatsapp.inbound;

import io.switchboard.events.AccountRef;
import io.switchboard.events.ConversationIds;
import io.switchboard.events.Platform;
import io.switchboard.service.rest.ApiException;
import java.time.Instant;
import java.util.List;

/**
 * What every event of one {@code messages} change shares: the business phone number the change is
 * about, the senders' account ids, and when the bridge received the webhook. Knows the rules that
 * turn WhatsApp's ids into accounts and conversations.
 */
record InboundContext(
    String phoneNumberId, List<WhatsappWebhook.Contact> contacts, Instant receivedAt) {

  /** Group conversations are named by WhatsApp's opaque group id, with no member list. */
  static final String GROUP_PREFIX = Platform.WHATSAPP.wireName() + ":group:";

  static InboundContext of(WhatsappWebhook.Value value, Instant receivedAt) {
    String phoneNumberId = value.metadata() == null ? null : value.metadata().phoneNumberId();
    if (blank(phoneNumberId)) {
      throw new ApiException(
          400, "malformed_body", "a messages change has no metadata.phone_number_id");
    }
    return new InboundContext(phoneNumberId, value.contacts(), receivedAt);
  }

  AccountRef business() {
    return AccountRef.of(Platform.WHATSAPP, phoneNumberId);
  }

  /**
   * The sender's account id: the WhatsApp id when there is one, else the BSUID alone, since a user
   * with a username may come without a phone number. The WhatsApp id is the {@code wa_id} of the
   * contact with the message's BSUID, else {@code from} (which group messages write with a leading
   * {@code +} that {@code wa_id} never has).
   */
  String senderId(WaMessage message) {
    String bsuid = blank(message.fromUserId()) ? null : message.fromUserId();
    if (bsuid != null) {
      for (WhatsappWebhook.Contact contact : contacts) {
        if (bsuid.equals(contact.userId()) && !blank(contact.waId())) {
          return waId(contact.waId());
        }
      }
    }
    if (!blank(message.from())) {
      return waId(message.from());
    }
    if (bsuid == null) {
      throw new ApiException(400, "malformed_body", "a message has neither from nor from_user_id");
    }
    return bsuid;
  }

  /** The user a status is about: the WhatsApp id, else the BSUID. */
  String recipientId(WaStatus status) {
    if (!blank(status.recipientId())) {
      return status.toGroup() ? status.recipientId() : waId(status.recipientId());
    }
    if (blank(status.recipientUserId())) {
      throw new ApiException(
          400, "malformed_body", "a status has neither recipient_id nor recipient_user_id");
    }
    return status.recipientUserId();
  }

  /** A WhatsApp id from a field that may write it as a phone number, {@code +} first. */
  static String waId(String phoneOrWaId) {
    String id = phoneOrWaId.trim();
    return id.startsWith("+") ? id.substring(1) : id;
  }

  /** The direct conversation of the business number with a user. */
  String direct(String userId) {
    return ConversationIds.direct(Platform.WHATSAPP, phoneNumberId, userId);
  }

  static String group(String groupId) {
    return GROUP_PREFIX + groupId;
  }

  /** A provider timestamp: epoch seconds as the Cloud API writes them, in a string. */
  static Instant epochSeconds(String timestamp, String what) {
    try {
      return Instant.ofEpochSecond(Long.parseLong(timestamp.trim()));
    } catch (RuntimeException e) {
      throw new ApiException(400, "malformed_body", what + " has no valid timestamp");
    }
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
