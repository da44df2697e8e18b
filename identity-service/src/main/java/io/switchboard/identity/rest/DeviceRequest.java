package io.switchboard.identity.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Registers a Switchboard device with its public keys.
 *
 * @param name what the person calls the device, e.g. "Ada's phone"
 * @param keys one to four public keys
 */
public record DeviceRequest(
    @NotBlank(message = "is required") @Size(max = 64, message = "must be at most 64 characters")
        String name,
    @NotNull(message = "is required: at least one public key")
        @Size(min = 1, max = 4, message = "must hold one to four public keys")
        List<KeyInput> keys) {
  /** Never prints the name: it may be personal. */
  @Override
  public String toString() {
    return "DeviceRequest[" + (keys == null ? 0 : keys.size()) + " keys]";
  }
}
