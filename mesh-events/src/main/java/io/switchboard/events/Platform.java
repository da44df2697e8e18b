package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The apps a person can use to reach the mesh. */
public enum Platform {
  INSTAGRAM,
  MESSENGER,
  WHATSAPP,
  /** Switchboard's own client apps, connected to the gateway over WebSocket. */
  SWITCHBOARD;

  /** The lower-case name used in JSON, topic names and event ids. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static Platform fromWireName(String name) {
    for (Platform platform : values()) {
      if (platform.wireName().equals(name)) {
        return platform;
      }
    }
    throw new IllegalArgumentException("unknown platform: " + name);
  }
}
