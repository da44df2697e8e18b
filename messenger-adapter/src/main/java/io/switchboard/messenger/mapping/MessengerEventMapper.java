package io.switchboard.messenger.mapping;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.adapter.meta.MetaEventMapper;
import io.switchboard.events.Platform;
import java.time.Clock;

/**
 * Messenger Platform webhooks ({@code object: page}) to mesh events. Messenger's dialect: a read
 * receipt is a watermark ({@code message_reads}); the shared rules are in {@link MetaEventMapper}.
 */
public final class MessengerEventMapper extends MetaEventMapper {
  public MessengerEventMapper(Clock clock, MeterRegistry meters) {
    super(Platform.MESSENGER, "page", "messenger-adapter", clock, meters);
  }
}
