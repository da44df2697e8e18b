package io.switchboard.adapter.meta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One messaging event: exactly one of {@code message}, {@code reaction}, {@code read}, {@code
 * delivery} or {@code message_edit} is set.
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
    @JsonProperty("message_edit") MessageEdit messageEdit) {

  /** A {@code {"id": ...}} reference to an account. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record IdRef(String id) {}

  /** A message, or an echo of one the page sent, or (Instagram) an unsend. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Message(
      String mid,
      String text,
      @JsonProperty("is_echo") boolean echo,
      @JsonProperty("is_deleted") boolean deleted,
      List<Attachment> attachments,
      @JsonProperty("reply_to") ReplyTo replyTo) {
    public Message {
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** Never prints the text: records end up in logs. */
    @Override
    public String toString() {
      return "Message[mid=" + mid + ", attachments=" + attachments.size() + "]";
    }
  }

  /** A media attachment by URL. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Attachment(String type, Payload payload) {
    /** Where the media is. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Payload(String url, @JsonProperty("sticker_id") Long stickerId) {}
  }

  /** The message (or story) this one replies to. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ReplyTo(String mid, Story story) {
    /** A story replied to. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Story(String id, String url) {}
  }

  /** A reaction added ({@code react}) or removed ({@code unreact}). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Reaction(String mid, String action, String reaction, String emoji) {}

  /** Every message up to the watermark was read. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Read(Long watermark, String mid) {}

  /** Messages delivered: by id, and every message up to the watermark. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Delivery(List<String> mids, Long watermark) {
    public Delivery {
      mids = mids == null ? List.of() : List.copyOf(mids);
    }
  }

  /** A message's text replaced by its sender. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MessageEdit(String mid, String text, @JsonProperty("num_edit") Integer numEdit) {
    /** Never prints the text. */
    @Override
    public String toString() {
      return "MessageEdit[mid=" + mid + ", numEdit=" + numEdit + "]";
    }
  }
}
