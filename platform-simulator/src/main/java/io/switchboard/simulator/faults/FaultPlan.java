package io.switchboard.simulator.faults;

import io.switchboard.service.rest.ApiException;
import io.switchboard.simulator.Platform;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The faults in force. Every Send API call consumes one application of each matching fault. */
@ApplicationScoped
public class FaultPlan {
  private static final Set<Integer> STATUSES = Set.of(429, 500, 503);

  /** What the faults do to one call: the status to answer instead (or null), the delay. */
  public record Effect(Integer status, Duration latency) {
    public static final Effect NONE = new Effect(null, Duration.ZERO);
  }

  private final List<Fault> faults = new ArrayList<>();
  private final Clock clock = Clock.systemUTC();
  private long lastId;

  public synchronized Fault add(FaultRequest request) {
    if (request.status() == null && request.latencyMs() == null) {
      throw new ApiException(400, "invalid_request", "a fault needs a status or a latencyMs");
    }
    if (request.status() != null && !STATUSES.contains(request.status())) {
      throw new ApiException(400, "invalid_request", "status must be 429, 500 or 503");
    }
    if (request.count() != null && request.durationMs() != null) {
      throw new ApiException(400, "invalid_request", "give count or durationMs, not both");
    }
    Instant until =
        request.durationMs() == null ? null : clock.instant().plusMillis(request.durationMs());
    Fault fault =
        new Fault(
            ++lastId,
            Platform.find(request.platform()).orElse(null),
            request.status(),
            request.count(),
            until,
            request.latencyMs() == null ? 0 : request.latencyMs());
    faults.add(fault);
    return fault;
  }

  /** Applies the faults in force to one call to {@code platform}. */
  public synchronized Effect apply(Platform platform) {
    Instant now = clock.instant();
    faults.removeIf(fault -> fault.isOver(now));
    Integer status = null;
    long latency = 0;
    for (int i = 0; i < faults.size(); i++) {
      Fault fault = faults.get(i);
      if (fault.appliesTo(platform, now)) {
        status = status == null ? fault.status() : status;
        latency = Math.max(latency, fault.latencyMs());
        faults.set(i, fault.consumed());
      }
    }
    return status == null && latency == 0
        ? Effect.NONE
        : new Effect(status, Duration.ofMillis(latency));
  }

  public synchronized List<Fault> active() {
    Instant now = clock.instant();
    faults.removeIf(fault -> fault.isOver(now));
    return List.copyOf(faults);
  }

  public synchronized void clear() {
    faults.clear();
  }
}
