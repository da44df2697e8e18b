package io.switchboard.identity.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.identity.auth.Caller;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.identity.repository.PersonRepository;
import io.switchboard.identity.service.PlatformIds;
import io.switchboard.identity.service.RouteProjector;
import io.switchboard.service.rest.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Platform account to person and routes. For services that cannot wait for identity.links; the
 * gateway's hot path uses the topic instead.
 */
@Path("/api/v1/resolve")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class ResolveResource {
  private final AccountRepository accounts;
  private final PersonRepository people;
  private final RouteProjector projector;

  public ResolveResource(
      AccountRepository accounts, PersonRepository people, RouteProjector projector) {
    this.accounts = accounts;
    this.people = people;
    this.projector = projector;
  }

  @GET
  @RolesAllowed(Caller.SERVICE)
  @WithSession
  @Operation(
      summary = "The person and routes of a platform account",
      description = "Matches the account id or a current alias (a WhatsApp BSUID). 404 if none.")
  public Uni<AccountRoute> resolve(
      @QueryParam("platform") String platform, @QueryParam("accountId") String accountId) {
    AccountRef ref = PlatformIds.account(parsePlatform(platform), accountId, "query");
    return accounts
        .resolve(ref)
        .onItem()
        .ifNull()
        .failWith(() -> new ApiException(404, "not_found", "no person has this account"))
        .flatMap(
            account ->
                people
                    .findById(account.personId)
                    .flatMap(projector::routesOf)
                    .map(
                        routes ->
                            routes.stream()
                                .filter(r -> r.account().equals(account.ref()))
                                .findFirst()
                                .orElseThrow()));
  }

  private static Platform parsePlatform(String platform) {
    try {
      return platform == null ? null : Platform.fromWireName(platform);
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          400,
          "invalid_request",
          "query.platform must be instagram, messenger, whatsapp or switchboard");
    }
  }
}
