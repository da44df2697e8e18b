package io.switchboard.adapter.meta;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One messaging event of the Messenger Platform or the Instagram Messaging API, in {@code
 * entry[].messaging[]} or {@code entry[].standby[]}: exactly one of {@code message}, {@code
 * reaction}, {@code read}, {@code delivery}, {@code message_edit} or {@code postback} is set for
 * the kinds the mesh maps.
 *
 * @param sender who caused the event (the page or professional account itself for echoes)
 * @param recipient who it was addressed to
 * @param timestamp Meta's time of the event, epoch milliseconds
 * @param message a message, an echo of the page's own send ({@code is_echo}) or an unsend ({@code
 *     is_deleted})
 * @param reaction {@code message_reactions}
 * @param read {@code message_reads} (Messenger: a watermark) or {@code messaging_seen} (Instagram:
 *     the {@code mid} seen)
 * @param delivery {@code message_deliveries}
 * @param messageEdit {@code message_edits}
 * @param postback {@code messaging_postbacks}: a button tapped
 * @param otherFields the names of any other top-level fields, values dropped: they name event kinds
 *     the mesh does not map (optins, referrals, handover...), counted without their content
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetaMessaging(
    IdRef sender,
    IdRef recipient,
    Long timestamp,
    Message message,
    Reaction reaction,
    Read read,
    Delivery delivery,
    @JsonProperty("message_edit") MessageEdit messageEdit,
    Postback postback,
    @JsonAnySetter Map<String, JsonNode> otherFields) {

  public MetaMessaging {
    // Keep only the names: the values may hold content that must not linger in memory or logs.
    Map<String, JsonNode> names = new TreeMap<>();
    if (otherFields != null) {
      otherFields.keySet().forEach(name -> names.put(name, NullNode.getInstance()));
    }
    otherFields = Map.copyOf(names);
  }

  /** A {@code {"id": ...}} reference to an account. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record IdRef(String id) {}

  /**
   * A message, or an echo of one the page sent, or (Instagram) an unsend.
   *
   * @param mid Meta's message id
   * @param text the text; for a quick reply, the title of the option tapped
   * @param echo sent by the page or professional account itself
   * @param deleted Instagram: the sender unsent the message {@code mid}
   * @param unsupported Instagram: content the API cannot show
   * @param attachments media and shares
   * @param replyTo the message or story this one answers
   * @param quickReply the quick reply tapped, with the developer's payload
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Message(
      String mid,
      String text,
      @JsonProperty("is_echo") boolean echo,
      @JsonProperty("is_deleted") boolean deleted,
      @JsonProperty("is_unsupported") boolean unsupported,
      List<Attachment> attachments,
      @JsonProperty("reply_to") ReplyTo replyTo,
      @JsonProperty("quick_reply") QuickReply quickReply) {
    public Message {
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** Never prints the text: records end up in logs. */
    @Override
    public String toString() {
      return "Message[mid=" + mid + ", attachments=" + attachments.size() + "]";
    }
  }

  /**
   * An attachment: media by URL ({@code image}, {@code audio}, {@code video}, {@code file}, {@code
   * sticker}), an Instagram reel ({@code ig_reel}, {@code reel}), a shared post ({@code share},
   * {@code post}, {@code ig_post}), a story mention ({@code story_mention}), a shared link ({@code
   * fallback}) or a {@code template} (echoes).
   *
   * @param title the title of an older {@code fallback} attachment, outside the payload
   * @param url the link of an older {@code fallback} attachment, outside the payload
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Attachment(
      String type, Payload payload, String title, @JsonAlias("URL") String url) {
    /**
     * Where the media is, and what Meta says about it.
     *
     * @param title a reel's or a shared post's caption, a link's title
     * @param stickerId set when an {@code image} (or {@code sticker}) is a sticker
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Payload(String url, String title, @JsonProperty("sticker_id") Long stickerId) {}

    /** Never prints captions. */
    @Override
    public String toString() {
      return "Attachment[type=" + type + "]";
    }
  }

  /** The message (or story) this one replies to. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ReplyTo(String mid, Story story) {
    /** A story replied to. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Story(String id, String url) {}
  }

  /** The quick reply option tapped; its title arrives as the message text. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record QuickReply(String payload) {
    @Override
    public String toString() {
      return "QuickReply[]";
    }
  }

  /**
   * A button tapped.
   *
   * @param mid the id Meta gives the postback, when it gives one
   * @param title the button's title, as the person saw it
   * @param payload the developer's payload
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Postback(String mid, String title, String payload) {
    @Override
    public String toString() {
      return "Postback[mid=" + mid + "]";
    }
  }

  /** A reaction added ({@code react}) or removed ({@code unreact}). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Reaction(String mid, String action, String reaction, String emoji) {}

  /**
   * Messages read: every one up to the {@code watermark} (Messenger), or the one {@code mid}
   * (Instagram {@code messaging_seen}).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Read(Long watermark, String mid) {}

  /** Messages delivered: by id, and every message up to the watermark. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Delivery(List<String> mids, Long watermark) {
    public Delivery {
      mids = mids == null ? List.of() : List.copyOf(mids);
    }
  }

  /** A message's text replaced by its sender; {@code num_edit} counts the edits so far. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MessageEdit(String mid, String text, @JsonProperty("num_edit") Integer numEdit) {
    /** Never prints the text. */
    @Override
    public String toString() {
      return "MessageEdit[mid=" + mid + ", numEdit=" + numEdit + "]";
    }
  }
}
