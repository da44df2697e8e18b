package io.switchboard.adapter.meta;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A webhook POST of the Messenger Platform ({@code object: page}) or the Instagram Messaging API
 * ({@code object: instagram}): a batch of entries, each with messaging events for one page or
 * professional account.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetaWebhook(String object, List<MetaEntry> entry) {
  public MetaWebhook {
    entry = entry == null ? List.of() : List.copyOf(entry);
  }
}
