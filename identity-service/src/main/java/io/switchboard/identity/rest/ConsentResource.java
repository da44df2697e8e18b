package io.switchboard.identity.rest;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.identity.auth.Caller;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.identity.service.SettingsService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Cross-app messaging consent: off until the person turns it on. */
@Path("/api/v1/people/{personId}/consent")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class ConsentResource {
  private final SettingsService settings;
  private final AccountRepository accounts;
  private final Caller caller;

  public ConsentResource(SettingsService settings, AccountRepository accounts, Caller caller) {
    this.settings = settings;
    this.accounts = accounts;
    this.caller = caller;
  }

  @PUT
  @RolesAllowed(Caller.PERSON)
  @WithTransaction
  @Operation(
      summary = "Turns cross-app messaging on or off",
      description =
          "The person only. Published to identity.links when it changes. 400 when"
              + " crossAppEnabled is missing or not a JSON boolean; 404 for an unknown person.")
  public Uni<PersonView> set(@PathParam("personId") UUID personId, ConsentRequest request) {
    caller.requireSelf(personId);
    boolean decision = request == null ? new ConsentRequest(null).decision() : request.decision();
    return settings
        .setConsent(personId, decision)
        .flatMap(person -> accounts.listByPerson(personId).map(a -> PersonView.of(person, a)));
  }
}
