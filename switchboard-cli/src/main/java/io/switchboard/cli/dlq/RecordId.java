package io.switchboard.cli.dlq;

import io.switchboard.cli.kafka.CliFailure;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One record of a topic, {@code partition@offset} as {@code dlq list} prints it.
 *
 * @param partition the partition
 * @param offset the offset in it
 */
record RecordId(int partition, long offset) {
  @Override
  public String toString() {
    return partition + "@" + offset;
  }

  /** Reads {@code 3@120}; anything else is bad input. */
  static RecordId parse(String value) {
    if (!value.matches("\\d{1,9}@\\d{1,18}")) {
      throw CliFailure.badInput(
          "'" + value + "' is not a record: use PARTITION@OFFSET as dlq list prints it, e.g. 0@12");
    }
    String[] parts = value.split("@");
    return new RecordId(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
  }

  /** For picocli: anything but {@code 3@120} is a one-line usage error. */
  static final class Converter implements ITypeConverter<RecordId> {
    @Override
    public RecordId convert(String value) {
      try {
        return parse(value);
      } catch (CliFailure e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
