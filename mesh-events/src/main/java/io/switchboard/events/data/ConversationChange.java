package io.switchboard.events.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What changed in a conversation. */
public enum ConversationChange {
  CREATED,
  MEMBERS_ADDED,
  MEMBERS_REMOVED,
  RENAMED,
  THEME_CHANGED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ConversationChange fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
