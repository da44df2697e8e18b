package io.switchboard.identity.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Where the person's messages go.
 *
 * @param mode {@code all} linked apps, the {@code preferred} app, or the app {@code last_used}
 * @param preferredPlatform for {@code preferred} only: an app the person has linked
 */
public record DeliveryRequest(
    @NotNull(message = MODE) @Pattern(regexp = "all|preferred|last_used", message = MODE)
        String mode,
    String preferredPlatform) {
  static final String MODE = "must be all, preferred or last_used";
}
