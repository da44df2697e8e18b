package io.switchboard.identity.entity;

import io.switchboard.events.Platform;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a platform by its wire name, as the database's checks expect. */
@Converter(autoApply = true)
public class PlatformConverter implements AttributeConverter<Platform, String> {
  @Override
  public String convertToDatabaseColumn(Platform platform) {
    return platform == null ? null : platform.wireName();
  }

  @Override
  public Platform convertToEntityAttribute(String name) {
    return name == null ? null : Platform.fromWireName(name);
  }
}
