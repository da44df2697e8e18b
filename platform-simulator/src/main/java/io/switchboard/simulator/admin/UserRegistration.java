package io.switchboard.simulator.admin;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/**
 * A user to make known to a simulated platform.
 *
 * @param businessId the page, Instagram account or WhatsApp phone number id they message
 * @param userId their PSID, IGSID or wa_id
 * @param lastInboundAt when they last messaged the business; now when not given
 */
public record UserRegistration(
    @NotNull @Pattern(regexp = "messenger|instagram|whatsapp") String platform,
    @NotBlank String businessId,
    @NotBlank String userId,
    Instant lastInboundAt) {}
