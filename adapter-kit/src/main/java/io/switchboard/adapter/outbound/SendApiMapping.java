package io.switchboard.adapter.outbound;

import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;

/**
 * A platform's translation of mesh events into Send API calls. Implementations are pure: no I/O, no
 * clock other than the one they are given, so every event kind can be tested in isolation.
 */
public interface SendApiMapping {
  /** The calls that deliver {@code event}, or why it cannot or need not be delivered. */
  OutboundPlan plan(MeshEvent<EventData> event);
}
