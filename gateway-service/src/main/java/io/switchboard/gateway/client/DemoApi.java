package io.switchboard.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.EventCodec;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.service.rest.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The demo of a local run ({@code ./switchboard up}), for the web client: the demo people and a
 * token for each, and the platform simulator's app users beside them. Every path answers {@code 404
 * not_found} unless {@code switchboard.gateway.client-api.demo.enabled} is true, which only local
 * runs and tests set: anyone who reaches it can act as a demo person.
 */
@Path("/demo")
@Produces(MediaType.APPLICATION_JSON)
public class DemoApi {
  static final String ISSUER = "https://switchboard.local";
  private static final Set<String> PLATFORMS = Set.of("messenger", "instagram", "whatsapp");
  private static final Pattern SINCE = Pattern.compile("[0-9]{1,15}");

  private final ClientApiConfig config;
  private final GatewayConfig gateway;
  private final ForwardedCall call;
  private volatile PrivateKey signingKey;

  public DemoApi(ClientApiConfig config, GatewayConfig gateway, ForwardedCall call) {
    this.config = config;
    this.gateway = gateway;
    this.call = call;
  }

  /** The demo people: {@code [{"personId","name","accounts":[{"platform","accountId"}]}]}. */
  @GET
  @Path("people")
  public JsonNode people() {
    enabled();
    return readPeople();
  }

  /** A person token for one of the demo people: {@code {"token","expiresAt"}}. */
  @POST
  @Path("token")
  public Map<String, Object> token(JsonNode body) {
    enabled();
    JsonNode personId = body == null ? null : body.get("personId");
    if (personId == null || !personId.isTextual()) {
      throw new ApiException(400, "invalid_request", "personId: required, a string");
    }
    boolean demoPerson = false;
    for (JsonNode person : readPeople()) {
      demoPerson |= person.path("personId").asText().equals(personId.asText());
    }
    if (!demoPerson) {
      throw new ApiException(404, "not_found", "not one of the demo people");
    }
    Instant expiresAt = Instant.now().plus(config.demo().tokenLifetime());
    String token =
        Jwt.issuer(ISSUER)
            .subject(personId.asText())
            .upn(personId.asText())
            .groups("person")
            .expiresAt(expiresAt)
            .jws()
            .sign(signingKey());
    return Map.of("token", token, "expiresAt", expiresAt.toString());
  }

  /** The gateway's business account on each app: an app user answering writes to it. */
  @GET
  @Path("business-accounts")
  public Map<String, String> businessAccounts() {
    enabled();
    return gateway.businessAccounts();
  }

  /** The Send API calls the simulator recorded: what its app users received. */
  @GET
  @Path("simulator/calls")
  public Uni<Response> calls(@QueryParam("since") String since) {
    return simulator("GET", "/simulator/calls" + since(since), null);
  }

  /** The webhooks the simulator drove: what its app users sent. */
  @GET
  @Path("simulator/webhooks")
  public Uni<Response> webhooks(@QueryParam("since") String since) {
    return simulator("GET", "/simulator/webhooks" + since(since), null);
  }

  @GET
  @Path("simulator/users")
  public Uni<Response> users() {
    return simulator("GET", "/simulator/users", null);
  }

  /** Sends as an app user: the simulator signs a webhook and posts it to the platform's edge. */
  @POST
  @Path("simulator/webhooks/{platform}")
  public Uni<Response> drive(@PathParam("platform") String platform, byte[] body) {
    if (!PLATFORMS.contains(platform)) {
      enabled();
      throw new ApiException(404, "not_found", "platform: messenger, instagram or whatsapp");
    }
    return simulator("POST", "/simulator/webhooks/" + platform, body);
  }

  private Uni<Response> simulator(String method, String pathAndQuery, byte[] body) {
    enabled();
    URI base =
        config
            .demo()
            .simulatorUrl()
            .orElseThrow(
                () ->
                    new ApiException(503, "not_configured", "no platform simulator is configured"));
    return call.forward(method, base.resolve(pathAndQuery), body, null, config.timeout());
  }

  private static String since(String since) {
    if (since == null || since.isEmpty()) {
      return "";
    }
    if (!SINCE.matcher(since).matches()) {
      throw new ApiException(400, "invalid_request", "since: epoch milliseconds");
    }
    return "?since=" + since;
  }

  private void enabled() {
    if (!config.demo().enabled()) {
      throw new ApiException(404, "not_found", "no such resource");
    }
  }

  private ArrayNode readPeople() {
    java.nio.file.Path file =
        config
            .demo()
            .peopleFile()
            .orElseThrow(
                () -> new ApiException(503, "not_configured", "no demo people file is configured"));
    try {
      JsonNode people = EventCodec.mapper().readTree(Files.readAllBytes(file));
      if (people instanceof ArrayNode list) {
        return list;
      }
    } catch (IOException e) {
      throw new ApiException(503, "not_configured", "the demo people are not seeded yet");
    }
    throw new ApiException(503, "not_configured", "the demo people file is not a JSON array");
  }

  private PrivateKey signingKey() {
    PrivateKey key = signingKey;
    if (key != null) {
      return key;
    }
    String base64 =
        config
            .demo()
            .signingKey()
            .orElseThrow(
                () -> new ApiException(503, "not_configured", "no demo signing key is configured"));
    try {
      key =
          KeyFactory.getInstance("RSA")
              .generatePrivate(
                  new PKCS8EncodedKeySpec(
                      Base64.getMimeDecoder().decode(base64.replaceAll("-----[A-Z ]+-----", ""))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new ApiException(
          503, "not_configured", "the demo signing key is not an RSA PKCS#8 key");
    }
    signingKey = key;
    return key;
  }
}
