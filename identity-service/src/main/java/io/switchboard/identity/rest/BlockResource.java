package io.switchboard.identity.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.identity.auth.Caller;
import io.switchboard.identity.service.SettingsService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
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

/** Blocks: a block of another person applies on every app either of them has linked. */
@Path("/api/v1/people/{personId}/blocks")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class BlockResource {
  private final SettingsService settings;
  private final Caller caller;

  public BlockResource(SettingsService settings, Caller caller) {
    this.settings = settings;
    this.caller = caller;
  }

  @GET
  @RolesAllowed(Caller.PERSON)
  @WithSession
  @Operation(summary = "The persons this person blocked", description = "The person only.")
  public Uni<List<BlockView>> list(@PathParam("personId") UUID personId) {
    caller.requireSelf(personId);
    return settings.blocks(personId).map(b -> b.stream().map(BlockView::of).toList());
  }

  @PUT
  @Path("/{blockedPersonId}")
  @RolesAllowed(Caller.PERSON)
  @WithTransaction
  @Operation(
      summary = "Blocks another person on every app",
      description =
          "The person only; idempotent (204). Published to identity.links as blockedPersonIds. 404"
              + " for an unknown person to block, 400 for the person themselves, 422 beyond "
              + SettingsService.MAX_BLOCKS
              + " blocks.")
  public Uni<Void> block(
      @PathParam("personId") UUID personId, @PathParam("blockedPersonId") UUID blockedPersonId) {
    caller.requireSelf(personId);
    return settings.block(personId, blockedPersonId);
  }

  @DELETE
  @Path("/{blockedPersonId}")
  @RolesAllowed(Caller.PERSON)
  @WithTransaction
  @Operation(
      summary = "Lifts a block",
      description = "The person only; idempotent (204 also when there was no such block).")
  public Uni<Void> unblock(
      @PathParam("personId") UUID personId, @PathParam("blockedPersonId") UUID blockedPersonId) {
    caller.requireSelf(personId);
    return settings.unblock(personId, blockedPersonId);
  }
}
