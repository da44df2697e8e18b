package io.switchboard.identity.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.identity.auth.Caller;
import io.switchboard.identity.service.DeviceService;
import io.switchboard.identity.service.PublicKeys;
import io.switchboard.identity.service.Refusals;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** A person's Switchboard devices and their public keys; only public keys are ever accepted. */
@Path("/api/v1/people/{personId}/devices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class DeviceResource {
  private final DeviceService devices;
  private final Caller caller;

  public DeviceResource(DeviceService devices, Caller caller) {
    this.devices = devices;
    this.caller = caller;
  }

  @GET
  @RolesAllowed(Caller.PERSON)
  @WithSession
  @Operation(
      summary = "The person's devices with their current keys",
      description = "The person only.")
  public Uni<List<DeviceView>> list(@PathParam("personId") UUID personId) {
    caller.requireSelf(personId);
    return devices.list(personId).map(all -> all.stream().map(DeviceView::of).toList());
  }

  @POST
  @RolesAllowed(Caller.PERSON)
  @WithTransaction
  @Operation(
      summary = "Registers a device with its public keys",
      description =
          "The person only. The device becomes an account (platform switchboard) with its own"
              + " identity.links record. 400 naming the field for a malformed or private key, 422"
              + " beyond "
              + DeviceService.MAX_DEVICES
              + " devices.")
  public Uni<Response> register(
      @PathParam("personId") UUID personId, @Valid DeviceRequest request) {
    caller.requireSelf(personId);
    if (request == null) {
      throw Refusals.invalid("name", "is required");
    }
    List<PublicKeys.Checked> keys = new ArrayList<>();
    for (int i = 0; i < request.keys().size(); i++) {
      KeyInput key = request.keys().get(i);
      if (key == null) {
        throw Refusals.invalid("keys[" + i + "]", "is required");
      }
      keys.add(PublicKeys.check(key.algorithm(), key.publicKey(), "keys[" + i + "]"));
    }
    return devices
        .register(personId, request.name().strip(), keys)
        .map(
            device ->
                Response.created(
                        URI.create("/api/v1/people/" + personId + "/devices/" + device.device().id))
                    .entity(DeviceView.of(device))
                    .build());
  }

  @POST
  @Path("/{deviceId}/keys")
  @RolesAllowed(Caller.PERSON)
  @WithTransaction
  @Operation(
      summary = "Adds a public key to a device",
      description =
          "The person only. 422 beyond "
              + DeviceService.MAX_KEYS_PER_DEVICE
              + " current keys per device; 404 for a device that is not theirs.")
  public Uni<Response> addKey(
      @PathParam("personId") UUID personId,
      @PathParam("deviceId") UUID deviceId,
      KeyInput request) {
    caller.requireSelf(personId);
    PublicKeys.Checked key =
        request == null
            ? PublicKeys.check(null, null, "")
            : PublicKeys.check(request.algorithm(), request.publicKey(), "");
    return devices
        .addKey(personId, deviceId, key)
        .map(added -> Response.status(201).entity(KeyView.of(added)).build());
  }

  @DELETE
  @Path("/{deviceId}/keys/{keyId}")
  @RolesAllowed(Caller.PERSON)
  @WithTransaction
  @Operation(
      summary = "Revokes a device key",
      description = "The person only. The key is no longer handed out; revoking twice is fine.")
  public Uni<Void> revokeKey(
      @PathParam("personId") UUID personId,
      @PathParam("deviceId") UUID deviceId,
      @PathParam("keyId") String keyId) {
    caller.requireSelf(personId);
    return devices.revokeKey(personId, deviceId, keyId);
  }

  @DELETE
  @Path("/{deviceId}")
  @RolesAllowed(Caller.PERSON)
  @WithTransaction
  @Operation(
      summary = "Removes a device, its keys and its account",
      description =
          "The person only. The device's account gets a tombstone on identity.links. 409 when it"
              + " is the person's only account.")
  public Uni<Void> remove(
      @PathParam("personId") UUID personId, @PathParam("deviceId") UUID deviceId) {
    caller.requireSelf(personId);
    return devices.remove(personId, deviceId);
  }
}
