package io.switchboard.whatsapp.inbound;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A WhatsApp Cloud API webhook ({@code object: whatsapp_business_account}), as far as the bridge
 * reads it. This model is the metadata allowlist: what it has no field for is never read, so
 * profile names ({@code contacts[].profile}), profile pictures, usernames and group member lists
 * are dropped at parse time and cannot reach Kafka, a table or a log. See {@code
 * docs/whatsapp.md#metadata-allowlist}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WhatsappWebhook(String object, List<Entry> entry) {
  /** The one {@code object} the Cloud API sends. */
  public static final String OBJECT = "whatsapp_business_account";

  public WhatsappWebhook {
    entry = entry == null ? List.of() : List.copyOf(entry);
  }

  /** One WhatsApp Business Account's changes; its {@code id} (the WABA) is not needed. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entry(List<Change> changes) {
    public Entry {
      changes = changes == null ? List.of() : List.copyOf(changes);
    }
  }

  /** A change of one webhook field; only {@code messages} carries what the mesh maps. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Change(String field, Value value) {}

  /**
   * What a {@code messages} change holds.
   *
   * @param metadata the business phone number the messages were sent to
   * @param contacts who sent them: account ids only
   * @param messages messages from WhatsApp users (and sealed pushes)
   * @param statuses delivery states of the business's own messages
   * @param errors webhook-level errors; only counted
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Value(
      Metadata metadata,
      List<Contact> contacts,
      List<WaMessage> messages,
      List<WaStatus> statuses,
      List<Ignored> errors) {
    public Value {
      contacts = contacts == null ? List.of() : List.copyOf(contacts);
      messages = messages == null ? List.of() : List.copyOf(messages);
      statuses = statuses == null ? List.of() : List.copyOf(statuses);
      errors = errors == null ? List.of() : List.copyOf(errors);
    }
  }

  /**
   * The business side of the conversation. {@code display_phone_number} is not read: the phone
   * number id identifies the business number.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Metadata(@JsonProperty("phone_number_id") String phoneNumberId) {}

  /**
   * A sender's account ids: the WhatsApp id ({@code wa_id}, absent for some username users) and the
   * business-scoped user id ({@code user_id}, BSUID). The {@code profile} (name, username) is
   * deliberately not part of this record.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Contact(
      @JsonProperty("wa_id") String waId, @JsonProperty("user_id") String userId) {}

  /** An item that is only counted; its content is never read. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Ignored() {}
}
