package io.switchboard.cli.kafka;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in a topic, as typed after {@code --from} or {@code --to}: the beginning or end, one
 * offset for every partition, an offset per partition ({@code 0=120,3=88}, what an interrupted
 * replay prints to resume), or a time (RFC 3339, a date, or {@code 15m}/{@code 2h}/{@code 1d} ago)
 * that Kafka's offsets-for-times lookup turns into offsets.
 */
public sealed interface Position {
  record Beginning() implements Position {}

  record End() implements Position {}

  record Offset(long offset) implements Position {}

  record PerPartition(Map<Integer, Long> offsets) implements Position {
    public PerPartition {
      offsets = Map.copyOf(offsets);
    }
  }

  record Time(Instant instant) implements Position {}

  Pattern PER_PARTITION = Pattern.compile("\\d+=\\d+(,\\d+=\\d+)*");
  Pattern AGO = Pattern.compile("(\\d+)([smhd])");

  /** Whether this position comes after {@code other}, when the two can be compared at all. */
  default boolean isAfter(Position other) {
    if (this instanceof Offset a && other instanceof Offset b) {
      return a.offset() > b.offset();
    }
    if (this instanceof Time a && other instanceof Time b) {
      return a.instant().isAfter(b.instant());
    }
    if (this instanceof PerPartition a && other instanceof PerPartition b) {
      return a.offsets().entrySet().stream()
          .anyMatch(
              e ->
                  b.offsets().containsKey(e.getKey())
                      && e.getValue() > b.offsets().get(e.getKey()));
    }
    return this instanceof End && !(other instanceof End)
        || other instanceof Beginning && !(this instanceof Beginning);
  }

  static Position parse(String text) {
    String value = text.trim();
    switch (value) {
      case "beginning", "earliest" -> {
        return new Beginning();
      }
      case "end", "latest", "now" -> {
        return new End();
      }
      default -> {}
    }
    if (value.matches("\\d+")) {
      return new Offset(Long.parseLong(value));
    }
    if (PER_PARTITION.matcher(value).matches()) {
      Map<Integer, Long> offsets = new LinkedHashMap<>();
      for (String pair : value.split(",")) {
        String[] parts = pair.split("=");
        offsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
      }
      return new PerPartition(offsets);
    }
    Matcher ago = AGO.matcher(value);
    if (ago.matches()) {
      long amount = Long.parseLong(ago.group(1));
      Duration duration =
          switch (ago.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      return new Time(Instant.now().minus(duration));
    }
    try {
      return new Time(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException notDateTime) {
      try {
        return new Time(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException notDate) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' is not a position: use beginning, end, an offset (120), offsets per partition"
                + " (0=120,1=98), a time (2026-11-25T10:00:00Z, 2026-11-25) or an age (15m, 2h,"
                + " 1d)");
      }
    }
  }

  /** For picocli: a bad position is a one-line usage error. */
  final class Converter implements ITypeConverter<Position> {
    @Override
    public Position convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
