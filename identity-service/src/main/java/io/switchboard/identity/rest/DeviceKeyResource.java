package io.switchboard.identity.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.switchboard.identity.auth.Caller;
import io.switchboard.identity.service.DeviceService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** A person's current public device keys, for anyone who seals messages to them. */
@Path("/api/v1/people/{personId}/device-keys")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class DeviceKeyResource {
  private final DeviceService devices;

  public DeviceKeyResource(DeviceService devices) {
    this.devices = devices;
  }

  @GET
  @RolesAllowed({Caller.PERSON, Caller.SERVICE})
  @WithSession
  @Operation(
      summary = "A person's current public device keys",
      description =
          "Any authenticated person or mesh service: public keys are meant to be shared. Revoked"
              + " keys are left out. 404 for an unknown person.")
  public Uni<List<PublicKeyView>> list(@PathParam("personId") UUID personId) {
    return devices.currentKeys(personId).map(keys -> keys.stream().map(PublicKeyView::of).toList());
  }
}
