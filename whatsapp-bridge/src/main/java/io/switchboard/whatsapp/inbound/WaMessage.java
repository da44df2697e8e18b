package io.switchboard.whatsapp.inbound;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One message in {@code value.messages[]}: what a WhatsApp user sent, or a sealed push of the
 * sealed dialect ({@code type: sealed}). Exactly the part named by {@code type} is set. Only the
 * fields below are read; everything else in the message (referrals, identity hashes, a group's
 * subject or participants, ...) is dropped at parse time.
 *
 * @param from the sender's WhatsApp id (phone number form); absent for some username users
 * @param fromUserId the sender's business-scoped user id (BSUID)
 * @param id the message id ({@code wamid})
 * @param timestamp when the user sent it, epoch seconds
 * @param type text, image, audio, video, document, sticker, location, contacts, interactive,
 *     button, reaction, unsupported, sealed, or another type the mesh does not map
 * @param groupId the Cloud API's group id, for a message sent in a group
 * @param group the sealed dialect's group reference; only its opaque id is read
 * @param context the message this one replies to
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WaMessage(
    String from,
    @JsonProperty("from_user_id") String fromUserId,
    String id,
    String timestamp,
    String type,
    @JsonProperty("group_id") String groupId,
    Group group,
    Context context,
    Text text,
    Media image,
    Media audio,
    Media video,
    Media document,
    Media sticker,
    Location location,
    List<SharedContact> contacts,
    Interactive interactive,
    Button button,
    Reaction reaction,
    SealedPush sealed) {

  public WaMessage {
    contacts = contacts == null ? List.of() : List.copyOf(contacts);
  }

  /** The opaque group id a message was sent in, from either form; {@code null} for direct ones. */
  public String groupIdOrNull() {
    if (group != null && group.id() != null && !group.id().isBlank()) {
      return group.id();
    }
    return groupId == null || groupId.isBlank() ? null : groupId;
  }

  /** Never prints content: records end up in logs. */
  @Override
  public String toString() {
    return "WaMessage[id=" + id + ", type=" + type + "]";
  }

  /** A group, by its opaque id only: no subject, no participants. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Group(String id) {}

  /** The message replied to (or whose button or list item was chosen). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Context(String id) {}

  /** A text message. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Text(String body) {
    @Override
    public String toString() {
      return "Text[" + (body == null ? 0 : body.length()) + " chars]";
    }
  }

  /**
   * Media announced by the Cloud API: by id, and by URL where the webhook gives one.
   *
   * @param filename a document's file name
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Media(
      String id,
      String url,
      @JsonProperty("mime_type") String mimeType,
      String caption,
      String filename) {
    @Override
    public String toString() {
      return "Media[id=" + id + "]";
    }
  }

  /** A location the user shared: content, so it crosses as a visible text. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Location(Double latitude, Double longitude, String name, String address) {
    @Override
    public String toString() {
      return "Location[]";
    }
  }

  /**
   * A contact card the user shared. Its name and phone numbers are what the user chose to send, so
   * they are message content (unlike the sender's own profile, which is never read).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SharedContact(Name name, List<Phone> phones) {
    public SharedContact {
      phones = phones == null ? List.of() : List.copyOf(phones);
    }

    @Override
    public String toString() {
      return "SharedContact[]";
    }

    /** The card's display name. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Name(@JsonProperty("formatted_name") String formattedName) {}

    /** One phone number on the card. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Phone(String phone) {}
  }

  /**
   * A reply to the business's interactive message: a reply button or a list item. Only the title
   * the user saw is read; the business's own ids and payloads are not.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Interactive(
      String type,
      @JsonProperty("button_reply") Choice buttonReply,
      @JsonProperty("list_reply") Choice listReply) {

    /** The chosen button or list item. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Choice(String title) {
      @Override
      public String toString() {
        return "Choice[]";
      }
    }
  }

  /** A quick-reply button of a template tapped; its text is what the user saw. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Button(String text) {
    @Override
    public String toString() {
      return "Button[]";
    }
  }

  /** A reaction to {@code message_id}; an empty emoji removes the user's reaction. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Reaction(@JsonProperty("message_id") String messageId, String emoji) {}
}
