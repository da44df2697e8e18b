package io.switchboard.events.schema;

import java.util.List;
import java.util.stream.Collectors;

/** An event that breaks its contract; it is refused and never published or consumed as valid. */
public class InvalidEventException extends RuntimeException {
  private final String eventType;
  private final transient List<Violation> violations;

  public InvalidEventException(String eventType, List<Violation> violations) {
    super(
        "invalid "
            + eventType
            + ": "
            + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.eventType = eventType;
    this.violations = List.copyOf(violations);
  }

  public InvalidEventException(String eventType, String field, String message) {
    this(eventType, List.of(new Violation(field, message)));
  }

  /** The CloudEvent type, or {@code unknown} when the type itself was missing or unknown. */
  public String eventType() {
    return eventType;
  }

  public List<Violation> violations() {
    return violations;
  }
}
