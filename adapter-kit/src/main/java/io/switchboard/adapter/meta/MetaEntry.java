package io.switchboard.adapter.meta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One entry of a Meta webhook batch.
 *
 * @param id the page or Instagram professional account the events are for
 * @param time when Meta sent the batch, epoch milliseconds
 * @param messaging the messaging events
 * @param standby messaging events that arrived while another app had control of the thread
 *     (handover protocol); same shape as {@code messaging}
 * @param changes changes of other fields (Instagram comments, mentions...), which the mesh does not
 *     map
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetaEntry(
    String id,
    Long time,
    List<MetaMessaging> messaging,
    List<MetaMessaging> standby,
    List<Change> changes) {
  public MetaEntry {
    messaging = messaging == null ? List.of() : List.copyOf(messaging);
    standby = standby == null ? List.of() : List.copyOf(standby);
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /** A change notification; only its field name is read. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Change(String field) {}
}
