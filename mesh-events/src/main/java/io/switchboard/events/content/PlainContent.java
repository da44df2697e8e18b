package io.switchboard.events.content;

import java.util.List;

/**
 * Content the mesh can read: text, media references and story context.
 *
 * @param text the message text, absent for media-only messages
 * @param attachments media by reference (never the bytes), empty when there is none
 * @param storyReply the story this message answers, when it is a story reply
 * @param fallback true when this text stands in for a feature the target app cannot show
 */
public record PlainContent(
    String text, List<MediaRef> attachments, StoryRef storyReply, boolean fallback)
    implements Content {
  public PlainContent {
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
  }

  public static PlainContent text(String text) {
    return new PlainContent(text, List.of(), null, false);
  }

  /** Never prints the text: records end up in logs. */
  @Override
  public String toString() {
    return "PlainContent[text="
        + (text == null ? 0 : text.length())
        + " chars, attachments="
        + attachments.size()
        + ", storyReply="
        + (storyReply != null)
        + ", fallback="
        + fallback
        + "]";
  }
}
