package io.switchboard.simulator.faults;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.switchboard.simulator.Platform;
import java.time.Instant;

/**
 * A fault in force.
 *
 * @param platform the platform it breaks; {@code null} for all
 * @param status the status it answers, or {@code null} when it only adds latency
 * @param remaining how many more calls it applies to; {@code null} when not counted
 * @param until when it ends; {@code null} when it ends by count or when cleared
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fault(
    long id, Platform platform, Integer status, Integer remaining, Instant until, long latencyMs) {

  boolean appliesTo(Platform target, Instant now) {
    return (platform == null || platform == target)
        && (remaining == null || remaining > 0)
        && (until == null || now.isBefore(until));
  }

  boolean isOver(Instant now) {
    return (remaining != null && remaining <= 0) || (until != null && !now.isBefore(until));
  }

  Fault consumed() {
    return remaining == null
        ? this
        : new Fault(id, platform, status, remaining - 1, until, latencyMs);
  }
}
