package io.switchboard.simulator.calls;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.simulator.Platform;
import java.time.Instant;

/**
 * One Send API call as the simulator received and answered it.
 *
 * @param seq the call's position, increasing from 1 since the simulator started
 * @param query the query string without {@code access_token}; empty when there was none
 * @param body the request body as JSON (a JSON string when it was not JSON)
 * @param recipient the PSID, IGSID or WhatsApp number the call was addressed to, if any
 * @param status the HTTP status answered
 * @param response the body answered
 * @param latencyMs the latency a fault added
 */
public record RecordedCall(
    long seq,
    Instant time,
    Platform platform,
    String method,
    String path,
    String query,
    JsonNode body,
    String recipient,
    int status,
    JsonNode response,
    long latencyMs) {

  /** Never prints the body or response: they carry message content. */
  @Override
  public String toString() {
    return "RecordedCall[seq=" + seq + ", platform=" + platform + ", status=" + status + "]";
  }
}
