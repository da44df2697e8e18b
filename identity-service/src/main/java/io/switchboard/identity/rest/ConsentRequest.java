package io.switchboard.identity.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.identity.service.Refusals;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Turns cross-app messaging on or off.
 *
 * @param crossAppEnabled {@code true} to let messages cross between the person's apps
 */
public record ConsentRequest(
    @Schema(type = SchemaType.BOOLEAN, required = true) JsonNode crossAppEnabled) {

  /**
   * The decision; only a JSON boolean counts. Jackson would also read {@code "true"} or {@code 1},
   * but consent should be stated, not inferred.
   */
  boolean decision() {
    if (crossAppEnabled == null || crossAppEnabled.isNull()) {
      throw Refusals.invalid("crossAppEnabled", "is required: true or false");
    }
    if (!crossAppEnabled.isBoolean()) {
      throw Refusals.invalid("crossAppEnabled", "must be true or false");
    }
    return crossAppEnabled.booleanValue();
  }
}
