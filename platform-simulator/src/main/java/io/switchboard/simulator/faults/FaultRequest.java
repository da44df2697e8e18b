package io.switchboard.simulator.faults;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * What to break, and for how long: the next {@code count} calls, or every call for {@code
 * durationMs}, or (with neither) every call until the faults are cleared.
 *
 * @param platform {@code messenger}, {@code instagram}, {@code whatsapp} or {@code all}
 * @param status the HTTP status to answer instead of handling the call: 429, 500 or 503
 * @param latencyMs how long to wait before answering
 */
public record FaultRequest(
    @NotNull @Pattern(regexp = "messenger|instagram|whatsapp|all") String platform,
    Integer status,
    @Min(1) Integer count,
    @Min(1) Long durationMs,
    @Min(0) @Max(60_000) Long latencyMs) {}
