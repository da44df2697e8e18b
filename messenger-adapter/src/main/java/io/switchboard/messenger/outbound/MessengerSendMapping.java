package io.switchboard.messenger.outbound;

import io.switchboard.adapter.outbound.MetaSendMapping;
import io.switchboard.events.Platform;
import java.time.Clock;
import java.util.Set;

/**
 * Mesh events as Messenger Send API calls. Messenger shows every media kind the mesh carries
 * (stickers and GIFs as images), so nothing needs a text fallback but edits and unsends.
 */
public class MessengerSendMapping extends MetaSendMapping {
  public MessengerSendMapping(Clock clock) {
    super(Platform.MESSENGER, clock, Set.of());
  }
}
