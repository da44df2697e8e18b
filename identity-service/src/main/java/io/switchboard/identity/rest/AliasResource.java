package io.switchboard.identity.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.identity.auth.Caller;
import io.switchboard.identity.service.AliasService;
import io.switchboard.identity.service.PlatformIds;
import io.switchboard.service.rest.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** A WhatsApp account's other identifiers, with their history. For mesh services. */
@Path("/api/v1/accounts/{platform}/{accountId}/aliases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class AliasResource {
  private final AliasService aliases;

  public AliasResource(AliasService aliases) {
    this.aliases = aliases;
  }

  @POST
  @RolesAllowed(Caller.SERVICE)
  @WithTransaction
  @Operation(
      summary = "Records a new wa_id, BSUID or phone number of a WhatsApp account",
      description =
          "Supersedes the current one of its kind, which stays in the history. 201 when added, 200"
              + " when it was the current one already, 409 when another account has it.")
  public Uni<Response> add(
      @PathParam("platform") String platform,
      @PathParam("accountId") String accountId,
      AliasInput alias) {
    AccountRef ref = whatsapp(platform, accountId);
    if (alias == null) {
      throw new ApiException(
          400,
          "invalid_request",
          "kind and value are required",
          List.of(Map.of("field", "kind", "message", "is required")));
    }
    PlatformIds.alias(alias.kind(), alias.value(), "");
    return aliases
        .add(ref, alias.kind(), alias.value())
        .map(history -> Response.status(history.added() ? 201 : 200).entity(view(history)).build());
  }

  @GET
  @RolesAllowed(Caller.SERVICE)
  @WithSession
  @Operation(summary = "Every identifier a WhatsApp account had, oldest first; phones masked")
  public Uni<AliasesView> history(
      @PathParam("platform") String platform, @PathParam("accountId") String accountId) {
    return aliases.history(whatsapp(platform, accountId)).map(AliasResource::view);
  }

  private static AccountRef whatsapp(String platform, String accountId) {
    Platform parsed = PlatformIds.platform(platform, "path.platform");
    if (parsed != Platform.WHATSAPP) {
      throw new ApiException(
          400,
          "invalid_request",
          "path.platform only WhatsApp accounts have aliases",
          List.of(
              Map.of("field", "path.platform", "message", "only WhatsApp accounts have aliases")));
    }
    return PlatformIds.account(parsed, accountId, "path");
  }

  private static AliasesView view(AliasService.History history) {
    return new AliasesView(
        history.account(), history.aliases().stream().map(AliasView::of).toList());
  }
}
