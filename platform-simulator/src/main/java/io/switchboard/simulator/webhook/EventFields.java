package io.switchboard.simulator.webhook;

import io.switchboard.service.rest.ApiException;
import java.util.List;
import java.util.Map;

/** Refuses an event that lacks what its kind needs, naming the field. */
final class EventFields {
  private EventFields() {}

  static String require(String value, int index, String field) {
    if (value == null || value.isEmpty()) {
      throw missing(index, field);
    }
    return value;
  }

  static List<String> require(List<String> values, int index, String field) {
    if (values == null || values.isEmpty()) {
      throw missing(index, field);
    }
    return values;
  }

  static ApiException unsupported(int index, String kind, String platform) {
    return new ApiException(
        400,
        "invalid_request",
        "the event kind " + kind + " does not exist on " + platform,
        List.of(Map.of("field", "events[" + index + "].kind", "message", "not supported")));
  }

  private static ApiException missing(int index, String field) {
    return new ApiException(
        400,
        "invalid_request",
        "the event needs " + field,
        List.of(Map.of("field", "events[" + index + "]." + field, "message", "must not be blank")));
  }
}
