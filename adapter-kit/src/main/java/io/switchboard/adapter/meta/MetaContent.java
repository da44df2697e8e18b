package io.switchboard.adapter.meta;

import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.content.StoryRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The content of a Meta message as the mesh's {@link PlainContent}. The contract's media kinds are
 * image, audio, video, file and sticker, so Meta's richer attachments map onto them: a reel is a
 * video, a shared post or link is a file (its URL, with its caption), a story mention becomes a
 * visible text with the story's URL. Content the mesh cannot show at all becomes a visible fallback
 * text, never nothing.
 */
final class MetaContent {
  static final String STORY_MENTION_TEXT = "Mentioned you in their story";
  static final String UNSUPPORTED_TEXT = "Sent something that cannot be shown here";

  private MetaContent() {}

  static PlainContent of(MetaMessaging.Message message) {
    String text = blankToNull(message.text());
    boolean fallback = false;
    List<MediaRef> media = new ArrayList<>();
    boolean sticker = false;
    for (MetaMessaging.Attachment attachment : message.attachments()) {
      String type = attachment.type() == null ? "" : attachment.type().toLowerCase(Locale.ROOT);
      String url = url(attachment);
      if ("story_mention".equals(type) && url != null) {
        text = join(text, STORY_MENTION_TEXT + ": " + url);
        fallback = true;
        continue;
      }
      String kind = kind(type, attachment.payload());
      if (kind == null || url == null) {
        continue;
      }
      if ("sticker".equals(kind)) {
        // While Meta moves to the sticker type, a sticker arrives both as "image" and "sticker".
        if (sticker) {
          continue;
        }
        sticker = true;
      }
      media.add(new MediaRef(kind, url, null, blankToNull(title(attachment))));
    }
    if (text == null && media.isEmpty()) {
      text = UNSUPPORTED_TEXT;
      fallback = true;
    }
    return new PlainContent(text, media, story(message), fallback);
  }

  private static String kind(String type, MetaMessaging.Attachment.Payload payload) {
    if (payload != null && payload.stickerId() != null) {
      return "sticker";
    }
    return switch (type) {
      case "image", "audio", "video", "file", "sticker" -> type;
      case "ig_reel", "reel" -> "video";
      case "share", "post", "ig_post", "fallback" -> "file";
      default -> null;
    };
  }

  private static StoryRef story(MetaMessaging.Message message) {
    if (message.replyTo() == null || message.replyTo().story() == null) {
      return null;
    }
    MetaMessaging.ReplyTo.Story story = message.replyTo().story();
    if (blankToNull(story.id()) == null && blankToNull(story.url()) == null) {
      return null;
    }
    return new StoryRef(blankToNull(story.id()), blankToNull(story.url()));
  }

  private static String url(MetaMessaging.Attachment attachment) {
    String url = attachment.payload() == null ? null : attachment.payload().url();
    return blankToNull(url != null ? url : attachment.url());
  }

  private static String title(MetaMessaging.Attachment attachment) {
    String title = attachment.payload() == null ? null : attachment.payload().title();
    return title != null ? title : attachment.title();
  }

  private static String join(String text, String addition) {
    return text == null ? addition : text + "\n" + addition;
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
