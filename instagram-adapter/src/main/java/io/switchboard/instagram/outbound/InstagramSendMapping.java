package io.switchboard.instagram.outbound;

import io.switchboard.adapter.outbound.MetaSendMapping;
import io.switchboard.events.Platform;
import java.time.Clock;
import java.util.Set;

/**
 * Mesh events as Instagram Messaging API calls. Instagram Direct shows images, audio, video and
 * files sent through the API, but not stickers or GIFs from other apps: those cross as a visible
 * text with the link, never dropped. Edits and unsends cross as texts, as on Messenger.
 */
public class InstagramSendMapping extends MetaSendMapping {
  /** The media kinds Instagram cannot show, sent as a text with the URL. */
  public static final Set<String> TEXT_FALLBACK_KINDS = Set.of("sticker", "gif");

  public InstagramSendMapping(Clock clock) {
    super(Platform.INSTAGRAM, clock, TEXT_FALLBACK_KINDS);
  }
}
