package io.switchboard.events.schema;

/**
 * One reason an event was refused.
 *
 * @param field a JSON pointer to the offending field, e.g. {@code /sender/accountId}; the missing
 *     field itself when a required field is absent
 * @param message what is wrong with it
 */
public record Violation(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
