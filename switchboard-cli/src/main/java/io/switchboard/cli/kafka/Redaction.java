package io.switchboard.cli.kafka;

import java.util.Properties;

/** Keeps setting values (passwords, keys) out of anything printed. */
final class Redaction {
  private Redaction() {}

  /** The text with every value of {@code settings} replaced by {@code ***}. */
  static String redact(String text, Properties settings) {
    String result = text == null ? "" : text;
    for (String key : settings.stringPropertyNames()) {
      String value = settings.getProperty(key);
      if (value != null && !value.isBlank()) {
        result = result.replace(value, "***");
      }
    }
    return result;
  }
}
