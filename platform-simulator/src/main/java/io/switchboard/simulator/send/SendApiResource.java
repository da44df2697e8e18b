package io.switchboard.simulator.send;

import io.smallrye.mutiny.Uni;
import io.switchboard.simulator.Platform;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The Send endpoints of Meta's Graph API. At the root, as on {@code graph.facebook.com}: a body
 * with {@code messaging_product} is a WhatsApp Cloud API call, otherwise the access token tells
 * Messenger from Instagram. Under {@code /messenger}, {@code /instagram} or {@code /whatsapp} the
 * path says which platform, for adapters that want no guessing.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class SendApiResource {
  private static final String VERSION = "{version: v[0-9]+\\.[0-9]+}";
  private static final String BEARER = "Bearer ";

  private final SendPipeline pipeline;

  public SendApiResource(SendPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @POST
  @Path(VERSION + "/{node}/messages")
  @Operation(
      summary = "Send API: Messenger, Instagram or WhatsApp Cloud API, as graph.facebook.com",
      description =
          "Answers Meta's success bodies and Meta's error bodies ({\"error\":{\"code\",...}}).")
  public Uni<Response> send(
      @PathParam("node") String node,
      @QueryParam("access_token") String queryToken,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Context UriInfo uri,
      byte[] body) {
    return pipeline.handle(call(Optional.empty(), node, queryToken, authorization, uri, body));
  }

  @POST
  @Path("{platform: messenger|instagram|whatsapp}/" + VERSION + "/{node}/messages")
  @Operation(summary = "Send API of the platform named in the path")
  public Uni<Response> sendTo(
      @PathParam("platform") String platform,
      @PathParam("node") String node,
      @QueryParam("access_token") String queryToken,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Context UriInfo uri,
      byte[] body) {
    return pipeline.handle(
        call(Platform.find(platform), node, queryToken, authorization, uri, body));
  }

  private static SendCall call(
      Optional<Platform> platform,
      String node,
      String queryToken,
      String authorization,
      UriInfo uri,
      byte[] body) {
    String token = queryToken;
    if (token == null && authorization != null && authorization.startsWith(BEARER)) {
      token = authorization.substring(BEARER.length()).trim();
    }
    return new SendCall(
        platform,
        node,
        uri.getRequestUri().getRawPath(),
        withoutToken(uri.getRequestUri().getRawQuery()),
        token,
        body == null ? new byte[0] : body);
  }

  /** The query string without {@code access_token}, which must never be recorded. */
  static String withoutToken(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    return Arrays.stream(rawQuery.split("&"))
        .filter(pair -> !pair.equals("access_token") && !pair.startsWith("access_token="))
        .collect(Collectors.joining("&"));
  }
}
