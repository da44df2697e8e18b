package io.switchboard.gateway.client;

import io.smallrye.mutiny.Uni;
import io.switchboard.service.rest.ErrorResponses;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * identity-service's people API ({@code /api/v1/people/{personId}/…}) at the gateway, so that a
 * client app needs one address for everything: its calls are forwarded with the caller's token, and
 * identity-service decides (a person reads and changes only their own data). The gateway first
 * checks the token and the caller's rate ({@link CallerLimits}), and adds nothing and keeps
 * nothing. The path must be made of plain segments, so a call never reaches anything but the people
 * API.
 */
@Path("/api/v1/people")
public class PeopleApi {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_\\-:+.]{1,200}");
  private static final int MAX_SEGMENTS = 6;

  private final ClientApiConfig config;
  private final CallerLimits limits;
  private final ForwardedCall call;

  public PeopleApi(ClientApiConfig config, CallerLimits limits, ForwardedCall call) {
    this.config = config;
    this.limits = limits;
    this.call = call;
  }

  @GET
  @Path("{personId}")
  public Uni<Response> person(
      @PathParam("personId") String personId, @HeaderParam("Authorization") String authorization) {
    return forward("GET", personId, null, null, authorization);
  }

  @GET
  @Path("{personId}/{rest: .+}")
  public Uni<Response> get(
      @PathParam("personId") String personId,
      @PathParam("rest") String rest,
      @HeaderParam("Authorization") String authorization) {
    return forward("GET", personId, rest, null, authorization);
  }

  @POST
  @Path("{personId}/{rest: .+}")
  public Uni<Response> post(
      @PathParam("personId") String personId,
      @PathParam("rest") String rest,
      @HeaderParam("Authorization") String authorization,
      byte[] body) {
    return forward("POST", personId, rest, body, authorization);
  }

  @PUT
  @Path("{personId}/{rest: .+}")
  public Uni<Response> put(
      @PathParam("personId") String personId,
      @PathParam("rest") String rest,
      @HeaderParam("Authorization") String authorization,
      byte[] body) {
    return forward("PUT", personId, rest, body, authorization);
  }

  @DELETE
  @Path("{personId}/{rest: .+}")
  public Uni<Response> delete(
      @PathParam("personId") String personId,
      @PathParam("rest") String rest,
      @HeaderParam("Authorization") String authorization) {
    return forward("DELETE", personId, rest, null, authorization);
  }

  private Uni<Response> forward(
      String method, String personId, String rest, byte[] body, String authorization) {
    if (!plain(personId) || (rest != null && !plainPath(rest))) {
      return Uni.createFrom().item(ErrorResponses.of(404, "not_found", "no such resource"));
    }
    Optional<Response> refusal = limits.refusal(authorization);
    if (refusal.isPresent()) {
      return Uni.createFrom().item(refusal.get());
    }
    if (config.identityUrl().isEmpty()) {
      return Uni.createFrom()
          .item(ErrorResponses.of(503, "unavailable", "no identity service is configured"));
    }
    String path = "/api/v1/people/" + personId + (rest == null ? "" : "/" + rest);
    URI target = config.identityUrl().get().resolve(path);
    return call.forward(method, target, body, authorization, config.timeout());
  }

  /** A segment of letters, digits and {@code _-:+.}, and not {@code .} or {@code ..}. */
  private static boolean plain(String segment) {
    return SEGMENT.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..");
  }

  private static boolean plainPath(String path) {
    String[] segments = path.split("/", -1);
    if (segments.length > MAX_SEGMENTS) {
      return false;
    }
    for (String segment : segments) {
      if (!plain(segment)) {
        return false;
      }
    }
    return true;
  }
}
