package io.switchboard.simulator.webhook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/**
 * A webhook batch to build, in a few words: who writes to which business, and what happens.
 *
 * @param businessId the page id (Messenger), Instagram account id, or WhatsApp phone number id
 * @param userId the PSID, IGSID or wa_id of the person
 * @param userName the person's profile name (WhatsApp {@code contacts}); optional
 * @param accountId the WhatsApp Business Account id of the entry; the business id when absent
 * @param displayPhoneNumber the business number WhatsApp shows; optional
 * @param repeat how many times to post the same bytes, as Meta does when it retries
 * @param forgeSignature sign with a wrong secret, to test the adapter's refusal
 */
public record WebhookDescription(
    @NotBlank String businessId,
    @NotBlank String userId,
    String userName,
    String accountId,
    String displayPhoneNumber,
    @NotEmpty List<@Valid WebhookEvent> events,
    @Min(1) @Max(100) Integer repeat,
    Boolean forgeSignature) {

  int repeatOrOnce() {
    return repeat == null ? 1 : repeat;
  }

  boolean forged() {
    return Boolean.TRUE.equals(forgeSignature);
  }
}
