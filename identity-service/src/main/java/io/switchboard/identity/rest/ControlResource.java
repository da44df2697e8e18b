package io.switchboard.identity.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.identity.auth.Caller;
import io.switchboard.identity.service.Refusals;
import io.switchboard.identity.service.SettingsService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Message controls: per source app, who lands in the inbox, in requests, or nowhere. */
@Path("/api/v1/people/{personId}/controls")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class ControlResource {
  private final SettingsService settings;
  private final Caller caller;

  public ControlResource(SettingsService settings, Caller caller) {
    this.settings = settings;
    this.caller = caller;
  }

  @GET
  @RolesAllowed({Caller.PERSON, Caller.SERVICE})
  @WithSession
  @Operation(
      summary = "The person's message controls, one per source app",
      description =
          "The person or a mesh service. Where the person chose nothing: known senders to the"
              + " inbox, everyone else to requests.")
  public Uni<List<AccountRoute.MessageControl>> list(@PathParam("personId") UUID personId) {
    caller.requireSelfOrService(personId);
    return settings.controls(personId);
  }

  @PUT
  @Path("/{sourcePlatform}")
  @RolesAllowed(Caller.PERSON)
  @WithTransaction
  @Operation(
      summary = "Sets where messages from one source app land",
      description =
          "The person only. Published to identity.links when it changes. 400 for an unknown"
              + " source platform or placement.")
  public Uni<AccountRoute.MessageControl> set(
      @PathParam("personId") UUID personId,
      @PathParam("sourcePlatform") String sourcePlatform,
      @Valid ControlRequest request) {
    caller.requireSelf(personId);
    var source = Platforms.parse(sourcePlatform, "sourcePlatform");
    if (request == null) {
      throw Refusals.invalid("known", ControlRequest.PLACEMENT);
    }
    return settings.setControl(personId, source, request.known(), request.unknown());
  }
}
