package io.switchboard.identity.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.identity.auth.Caller;
import io.switchboard.identity.repository.AccountRepository;
import io.switchboard.identity.service.PersonService;
import io.switchboard.identity.service.PlatformIds;
import io.switchboard.service.rest.ApiException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** People: register with a first account, read, erase. */
@Path("/api/v1/people")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class PersonResource {
  private final PersonService people;
  private final AccountRepository accounts;
  private final Caller caller;

  public PersonResource(PersonService people, AccountRepository accounts, Caller caller) {
    this.people = people;
    this.accounts = accounts;
    this.caller = caller;
  }

  @POST
  @RolesAllowed(Caller.SERVICE)
  @WithTransaction
  @Operation(
      summary = "Registers a person with their first account",
      description = "For mesh services that authenticated the account. 409 when it has a person.")
  public Uni<Response> register(CreatePersonRequest request) {
    if (request == null || request.account() == null) {
      throw new ApiException(400, "invalid_request", "account is required");
    }
    AccountRef first =
        PlatformIds.account(request.account().platform(), request.account().accountId(), "account");
    for (int i = 0; i < request.aliases().size(); i++) {
      AliasInput alias = request.aliases().get(i);
      if (first.platform() != io.switchboard.events.Platform.WHATSAPP) {
        throw new ApiException(
            400, "invalid_request", "aliases[" + i + "] only WhatsApp accounts have aliases");
      }
      PlatformIds.alias(alias.kind(), alias.value(), "aliases[" + i + "]");
    }
    return people
        .register(first, request.aliases())
        .flatMap(
            person ->
                accounts
                    .listByPerson(person.id)
                    .map(
                        owned ->
                            Response.created(URI.create("/api/v1/people/" + person.id))
                                .entity(PersonView.of(person, owned))
                                .build()));
  }

  @GET
  @Path("/{personId}")
  @RolesAllowed({Caller.PERSON, Caller.SERVICE})
  @WithSession
  @Operation(summary = "A person with their accounts and settings")
  public Uni<PersonView> get(@PathParam("personId") UUID personId) {
    caller.requireSelfOrService(personId);
    return people
        .require(personId)
        .flatMap(person -> accounts.listByPerson(personId).map(a -> PersonView.of(person, a)));
  }

  @DELETE
  @Path("/{personId}")
  @RolesAllowed({Caller.PERSON, Caller.SERVICE})
  @WithTransaction
  @Operation(
      summary = "Erases a person and everything about them",
      description = "Immediate: every account leaves routing with a tombstone on identity.links.")
  public Uni<Response> erase(@PathParam("personId") UUID personId) {
    caller.requireSelfOrService(personId);
    return people.erase(personId).replaceWith(Response.noContent().build());
  }
}
