package io.switchboard.simulator.admin;

import io.switchboard.service.rest.ApiException;
import io.switchboard.simulator.Platform;
import io.switchboard.simulator.calls.CallLog;
import io.switchboard.simulator.calls.RecordedCall;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Reads back the Send API calls the simulator answered, for tests and benchmarks. */
@Path("/simulator/calls")
@Produces(MediaType.APPLICATION_JSON)
public class CallsResource {
  private final CallLog log;

  public CallsResource(CallLog log) {
    this.log = log;
  }

  @GET
  @Operation(
      summary = "Recorded Send API calls, oldest first",
      description =
          "Filters: platform (messenger, instagram, whatsapp), recipient (PSID, IGSID or the"
              + " WhatsApp 'to'), since (ISO-8601 instant or epoch milliseconds, inclusive).")
  public List<RecordedCall> calls(
      @QueryParam("platform") String platform,
      @QueryParam("recipient") String recipient,
      @QueryParam("since") String since) {
    return log.find(platform(platform), Optional.ofNullable(recipient), Since.parse(since));
  }

  @DELETE
  @Operation(summary = "Forgets every recorded call")
  public void clear() {
    log.clear();
  }

  private static Optional<Platform> platform(String platform) {
    if (platform == null) {
      return Optional.empty();
    }
    return Optional.of(
        Platform.find(platform)
            .orElseThrow(
                () ->
                    new ApiException(
                        400,
                        "invalid_request",
                        "platform must be messenger, instagram or whatsapp")));
  }
}
