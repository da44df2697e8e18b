package io.switchboard.simulator.admin;

import io.switchboard.simulator.faults.Fault;
import io.switchboard.simulator.faults.FaultPlan;
import io.switchboard.simulator.faults.FaultRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Makes the simulated platforms slow or failing for a while. */
@Path("/simulator/faults")
@Produces(MediaType.APPLICATION_JSON)
public class FaultsResource {
  private final FaultPlan faults;

  public FaultsResource(FaultPlan faults) {
    this.faults = faults;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Adds a fault to Send API calls",
      description =
          "status 429 answers the platform's rate-limit error, 500 and 503 its transient errors;"
              + " latencyMs delays answers. For the next count calls, for durationMs, or until"
              + " DELETE.")
  public Response add(@NotNull @Valid FaultRequest request) {
    return Response.status(201).entity(faults.add(request)).build();
  }

  @GET
  @Operation(summary = "The faults in force")
  public List<Fault> active() {
    return faults.active();
  }

  @DELETE
  @Operation(summary = "Ends every fault")
  public void clear() {
    faults.clear();
  }
}
