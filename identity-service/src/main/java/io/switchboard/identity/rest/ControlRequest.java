package io.switchboard.identity.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Where messages from one source app land.
 *
 * @param known for senders the person already has a conversation with: inbox, requests or refused
 * @param unknown for everyone else: inbox, requests or refused
 */
public record ControlRequest(
    @NotNull(message = PLACEMENT) @Pattern(regexp = "inbox|requests|refused", message = PLACEMENT)
        String known,
    @NotNull(message = PLACEMENT) @Pattern(regexp = "inbox|requests|refused", message = PLACEMENT)
        String unknown) {
  static final String PLACEMENT = "must be inbox, requests or refused";
}
