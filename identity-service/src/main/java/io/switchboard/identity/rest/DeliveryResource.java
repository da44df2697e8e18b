package io.switchboard.identity.rest;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.Platform;
import io.switchboard.identity.auth.Caller;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.identity.service.Refusals;
import io.switchboard.identity.service.SettingsService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Delivery preference: every linked app, one preferred app, or the app last used. */
@Path("/api/v1/people/{personId}/delivery")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class DeliveryResource {
  private final SettingsService settings;
  private final AccountRepository accounts;
  private final Caller caller;
  private final Clock clock;

  public DeliveryResource(
      SettingsService settings, AccountRepository accounts, Caller caller, Clock clock) {
    this.settings = settings;
    this.accounts = accounts;
    this.caller = caller;
    this.clock = clock;
  }

  @PUT
  @RolesAllowed(Caller.PERSON)
  @WithTransaction
  @Operation(
      summary = "Sets where the person's messages go",
      description =
          "The person only. Published to identity.links when it changes. preferredPlatform is"
              + " required for mode preferred and refused for the other modes (400); 422 when the"
              + " person has no account on it.")
  public Uni<PersonView> set(@PathParam("personId") UUID personId, @Valid DeliveryRequest request) {
    caller.requireSelf(personId);
    if (request == null) {
      throw Refusals.invalid("mode", DeliveryRequest.MODE);
    }
    Platform preferred = preferredPlatform(request);
    return settings
        .setDelivery(personId, request.mode(), preferred)
        .flatMap(person -> accounts.listByPerson(personId).map(a -> PersonView.of(person, a)));
  }

  @PUT
  @Path("/last-used")
  @RolesAllowed(Caller.SERVICE)
  @WithTransaction
  @Operation(
      summary = "Reports the app a person last wrote from",
      description =
          "Mesh services only. identity-service also learns it by itself from the messages people"
              + " write (every inbound topic); this reports one as written now. Published to"
              + " identity.links only when it changes. 422 when the person has no account on that"
              + " app.")
  public Uni<Void> lastUsed(@PathParam("personId") UUID personId, LastUsedRequest request) {
    Platform platform = Platforms.parse(request == null ? null : request.platform(), "platform");
    return settings.setLastUsed(personId, platform, clock.instant()).replaceWithVoid();
  }

  private static Platform preferredPlatform(DeliveryRequest request) {
    boolean preferredMode = "preferred".equals(request.mode());
    if (!preferredMode && request.preferredPlatform() != null) {
      throw Refusals.invalid("preferredPlatform", "is only for mode preferred");
    }
    return preferredMode ? Platforms.parse(request.preferredPlatform(), "preferredPlatform") : null;
  }
}
