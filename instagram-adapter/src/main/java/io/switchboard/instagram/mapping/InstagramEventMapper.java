package io.switchboard.instagram.mapping;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.adapter.meta.MetaEventMapper;
import io.switchboard.events.Platform;
import java.time.Clock;

/**
 * Instagram Messaging API webhooks ({@code object: instagram}) to mesh events. Instagram's dialect:
 * a read receipt ({@code messaging_seen}) names the message seen, unsends arrive as {@code
 * is_deleted} messages, and reels, shared posts and story mentions arrive as attachments; the
 * shared rules are in {@link MetaEventMapper}.
 */
public final class InstagramEventMapper extends MetaEventMapper {
  public InstagramEventMapper(Clock clock, MeterRegistry meters) {
    super(Platform.INSTAGRAM, "instagram", "instagram-adapter", clock, meters);
  }
}
