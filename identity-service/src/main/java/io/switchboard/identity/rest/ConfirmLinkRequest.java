package io.switchboard.identity.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Proves the person holds the target account.
 *
 * @param code the six digits that arrived there
 */
public record ConfirmLinkRequest(
    @NotNull @Pattern(regexp = "[0-9]{6}", message = "must be the six digits that were sent")
        String code) {
  /** Never prints the code. */
  @Override
  public String toString() {
    return "ConfirmLinkRequest[code=***]";
  }
}
