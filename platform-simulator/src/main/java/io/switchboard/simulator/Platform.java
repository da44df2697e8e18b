package io.switchboard.simulator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The Meta platforms the simulator stands in for. */
public enum Platform {
  MESSENGER,
  INSTAGRAM,
  WHATSAPP;

  /** The name used in paths, JSON and configuration keys, e.g. {@code messenger}. */
  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The platform named {@code id}, if there is one. */
  public static Optional<Platform> find(String id) {
    return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
  }

  @JsonCreator
  static Platform fromJson(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("unknown platform " + id));
  }
}
