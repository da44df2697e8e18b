package io.switchboard.identity.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.identity.auth.Caller;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.identity.service.Confirmation;
import io.switchboard.identity.service.LinkConfirmer;
import io.switchboard.identity.service.LinkService;
import io.switchboard.identity.service.PlatformIds;
import io.switchboard.identity.service.UnlinkService;
import io.switchboard.service.rest.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Linking a person's accounts on other apps with a one-time code, and unlinking them. */
@Path("/api/v1/people")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class LinkResource {
  private final LinkService links;
  private final LinkConfirmer confirmer;
  private final UnlinkService unlinks;
  private final AccountRepository accounts;
  private final Caller caller;

  public LinkResource(
      LinkService links,
      LinkConfirmer confirmer,
      UnlinkService unlinks,
      AccountRepository accounts,
      Caller caller) {
    this.links = links;
    this.confirmer = confirmer;
    this.unlinks = unlinks;
    this.accounts = accounts;
    this.caller = caller;
  }

  @POST
  @Path("/{personId}/links")
  @RolesAllowed(Caller.PERSON)
  @WithTransaction
  @Operation(
      summary = "Starts linking another app's account: a one-time code is sent there",
      description =
          "202 whether or not the account belongs to someone else. 409 when it is already yours,"
              + " 429 with Retry-After when too many links were started.")
  public Uni<Response> start(@PathParam("personId") UUID personId, StartLinkRequest request) {
    caller.requireSelf(personId);
    if (request == null || request.from() == null) {
      throw required("from");
    }
    AccountRef from =
        PlatformIds.account(request.from().platform(), request.from().accountId(), "from");
    if (request.target() == null) {
      throw required("target");
    }
    AccountRef target =
        PlatformIds.account(request.target().platform(), request.target().accountId(), "target");
    if (target.platform() == Platform.SWITCHBOARD) {
      throw invalid("target.platform", "must be instagram, messenger or whatsapp");
    }
    return links
        .start(personId, from, target)
        .map(link -> Response.accepted(PendingLinkView.of(link)).build());
  }

  @POST
  @Path("/{personId}/links/{linkId}/confirm")
  @RolesAllowed(Caller.PERSON)
  @WithTransaction
  @Operation(
      summary = "Confirms a link with the code that arrived on the other account",
      description =
          "200 with the person. 422 for a wrong (attemptsLeft) or expired code, 429 with"
              + " Retry-After once the attempts are spent, 409 when the account has a person.")
  public Uni<Response> confirm(
      @PathParam("personId") UUID personId,
      @PathParam("linkId") UUID linkId,
      @Valid @NotNull ConfirmLinkRequest request) {
    caller.requireSelf(personId);
    return confirmer
        .confirm(personId, linkId, request.code())
        .map(
            confirmation -> {
              if (confirmation instanceof Confirmation.Linked linked) {
                return Response.ok(PersonView.of(linked.person(), linked.accounts())).build();
              }
              return RateLimitedMapper.render(((Confirmation.Counted) confirmation).refusal());
            });
  }

  @GET
  @Path("/{personId}/links")
  @RolesAllowed({Caller.PERSON, Caller.SERVICE})
  @WithSession
  @Operation(summary = "The person's linked accounts and the links waiting for a code")
  public Uni<LinksView> list(@PathParam("personId") UUID personId) {
    caller.requireSelfOrService(personId);
    return links
        .pending(personId)
        .flatMap(
            pending ->
                accounts
                    .listByPerson(personId)
                    .map(
                        owned ->
                            new LinksView(
                                owned.stream().map(a -> a.ref()).toList(),
                                pending.stream().map(PendingLinkView::of).toList())));
  }

  @DELETE
  @Path("/{personId}/accounts/{platform}/{accountId}")
  @RolesAllowed({Caller.PERSON, Caller.SERVICE})
  @WithTransaction
  @Operation(
      summary = "Unlinks an account at once",
      description = "Its route is removed from identity.links. 409 for the person's last account.")
  public Uni<Response> unlink(
      @PathParam("personId") UUID personId,
      @PathParam("platform") String platform,
      @PathParam("accountId") String accountId) {
    caller.requireSelfOrService(personId);
    AccountRef ref =
        PlatformIds.account(PlatformIds.platform(platform, "path.platform"), accountId, "path");
    if (ref.platform() == Platform.SWITCHBOARD) {
      throw invalid("path.platform", "devices are removed with the device endpoints");
    }
    return unlinks.unlink(personId, ref).replaceWith(Response.noContent().build());
  }

  private static ApiException required(String field) {
    return invalid(field, "is required");
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(
        400,
        "invalid_request",
        field + " " + message,
        List.of(Map.of("field", field, "message", message)));
  }
}
