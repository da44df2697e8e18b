package io.switchboard.adapter.meta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One entry of a Meta webhook batch.
 *
 * @param id the page or Instagram professional account the events are for
 * @param time when Meta sent the batch, epoch milliseconds
 * @param messaging the messaging events
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetaEntry(String id, Long time, List<MetaMessaging> messaging) {
  public MetaEntry {
    messaging = messaging == null ? List.of() : List.copyOf(messaging);
  }
}
