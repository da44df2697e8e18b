package io.switchboard.simulator.webhook;

import io.smallrye.mutiny.Uni;
import io.switchboard.service.rest.ApiException;
import io.switchboard.simulator.Platform;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Makes the simulated platform send a signed webhook batch to its adapter. */
@Path("/simulator/webhooks/{platform}")
public class WebhookDriverResource {
  private final WebhookDriver driver;

  public WebhookDriverResource(WebhookDriver driver) {
    this.driver = driver;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Builds, signs and posts a webhook batch to the platform's adapter",
      description =
          "Answers the adapter's status for each of the `repeat` posts, the generated message"
              + " ids and the body posted. 502 when the adapter cannot be reached.")
  public Uni<DriveResult> drive(
      @PathParam("platform") String platform, @NotNull @Valid WebhookDescription description) {
    Platform target =
        Platform.find(platform)
            .orElseThrow(
                () ->
                    new ApiException(
                        404, "not_found", "platform must be messenger, instagram or whatsapp"));
    return driver.drive(target, description);
  }
}
