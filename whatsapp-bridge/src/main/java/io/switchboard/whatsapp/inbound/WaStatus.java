package io.switchboard.whatsapp.inbound;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A delivery state of a message the business sent, in {@code value.statuses[]}. Pricing,
 * conversation and callback data are not read, nor an error's title, message or details: a failure
 * crosses as its code only.
 *
 * @param id the message's {@code wamid}
 * @param status sent, delivered, read, played (a voice message was played) or failed
 * @param timestamp when the state was reached, epoch seconds
 * @param recipientId the user's WhatsApp id, or the group id when {@code recipientType} is group
 * @param recipientUserId the user's business-scoped user id (BSUID)
 * @param recipientType {@code group} for a message sent to a group, absent otherwise
 * @param recipientParticipantId in a group, the member whose device reports the state
 * @param errors why a message failed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WaStatus(
    String id,
    String status,
    String timestamp,
    @JsonProperty("recipient_id") String recipientId,
    @JsonProperty("recipient_user_id") String recipientUserId,
    @JsonProperty("recipient_type") String recipientType,
    @JsonProperty("recipient_participant_id") String recipientParticipantId,
    List<Error> errors) {

  public WaStatus {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public boolean toGroup() {
    return "group".equals(recipientType);
  }

  /** A failure, by its code only. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Error(Long code) {}
}
