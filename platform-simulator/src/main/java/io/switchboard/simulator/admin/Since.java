package io.switchboard.simulator.admin;

import io.switchboard.service.rest.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code since} filter of the admin API: an ISO-8601 instant or epoch milliseconds. */
public final class Since {
  private Since() {}

  public static Optional<Instant> parse(String since) {
    if (since == null || since.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          since.chars().allMatch(Character::isDigit)
              ? Instant.ofEpochMilli(Long.parseLong(since))
              : Instant.parse(since));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new ApiException(
          400, "invalid_request", "since must be an ISO-8601 instant or epoch milliseconds");
    }
  }
}
