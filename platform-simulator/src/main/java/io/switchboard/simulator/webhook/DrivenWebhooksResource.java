package io.switchboard.simulator.webhook;

import io.switchboard.simulator.admin.Since;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Reads back the webhook batches the simulator drove: what its app users sent. */
@Path("/simulator/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class DrivenWebhooksResource {
  private final DriveLog log;

  public DrivenWebhooksResource(DriveLog log) {
    this.log = log;
  }

  @GET
  @Operation(
      summary = "Driven webhook batches, oldest first",
      description =
          "The last 1,000: seq, time, platform, businessId, userId, events, and the adapter's"
              + " status per post. since: ISO-8601 instant or epoch milliseconds, inclusive.")
  public List<DrivenWebhook> driven(@QueryParam("since") String since) {
    return log.find(Since.parse(since));
  }

  @DELETE
  @Operation(summary = "Forgets every driven batch")
  public void clear() {
    log.clear();
  }
}
