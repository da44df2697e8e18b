package io.switchboard.gateway.websocket;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.gateway.relay.ReplicaLease;
import io.switchboard.gateway.routing.RoutingViewLoader;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Checks the upgrade to {@code /ws/v1} before any WebSocket exists: a browser {@code Origin} that
 * is allowed (403 otherwise, {@link AllowedOrigins}); a person's JWT, in {@code Authorization:
 * Bearer} or, for browsers that cannot set that header, as the subprotocol {@code bearer.<jwt>}
 * offered next to {@code switchboard.v1} (401 without a valid, unexpired one); and a {@code
 * deviceId} query parameter naming one of that person's Switchboard devices in the routing view
 * (400 without, 403 for someone else's or an unknown device). A stopping replica answers 503. An
 * upgrade that passed those checks waits while the replica's lease is not valid ({@link
 * ReplicaLease}: the first seconds after a start, or while the database is away), and is answered
 * 503 if it stays so for {@link #LEASE_WAIT}. The token is never logged.
 */
@ApplicationScoped
public class DeviceUpgradeCheck implements HttpUpgradeCheck {
  static final TypedKey<String> PERSON = TypedKey.forString("switchboard.person");
  static final TypedKey<String> DEVICE = TypedKey.forString("switchboard.device");

  /** When the connection's token expires, in seconds since the epoch. */
  static final TypedKey<Long> EXPIRES = TypedKey.forLong("switchboard.token-expires");

  static final String SUBPROTOCOL = "switchboard.v1";
  private static final String BEARER_SUBPROTOCOL = "bearer.";
  private static final Map<String, List<String>> CHALLENGE =
      Map.of("WWW-Authenticate", List.of("Bearer"));

  /** How long an upgrade waits for the replica's lease to become valid. */
  static final Duration LEASE_WAIT = Duration.ofSeconds(5);

  private final JWTParser parser;
  private final RoutingViewLoader routing;
  private final AllowedOrigins origins;
  private final GracefulShutdown shutdown;
  private final ReplicaLease lease;

  public DeviceUpgradeCheck(
      JWTParser parser,
      RoutingViewLoader routing,
      WebSocketConfig config,
      GracefulShutdown shutdown,
      ReplicaLease lease) {
    this.lease = lease;
    this.parser = parser;
    this.routing = routing;
    this.origins = new AllowedOrigins(config.allowedOrigins().orElse(List.of()));
    this.shutdown = shutdown;
  }

  @Override
  public Uni<CheckResult> perform(HttpUpgradeContext context) {
    HttpServerRequest request = context.httpRequest();
    if (shutdown.stopping()) {
      return CheckResult.rejectUpgrade(503);
    }
    if (!origins.allows(request.getHeader("Origin"), request.getHeader("Host"))) {
      return CheckResult.rejectUpgrade(403);
    }
    List<String> subprotocols = subprotocols(request);
    if (subprotocols.stream().anyMatch(p -> p.startsWith(BEARER_SUBPROTOCOL))
        && !subprotocols.contains(SUBPROTOCOL)) {
      // The server would answer without a subprotocol, which a browser refuses.
      return CheckResult.rejectUpgrade(400);
    }
    String bearer = bearer(request, subprotocols);
    if (bearer == null) {
      return CheckResult.rejectUpgrade(401, CHALLENGE);
    }
    JsonWebToken token;
    try {
      token = parser.parse(bearer);
    } catch (ParseException e) {
      return CheckResult.rejectUpgrade(401, CHALLENGE);
    }
    if (token.getExpirationTime() * 1000 <= System.currentTimeMillis()) {
      return CheckResult.rejectUpgrade(401, CHALLENGE);
    }
    if (!token.getGroups().contains("person") || token.getSubject() == null) {
      return CheckResult.rejectUpgrade(403);
    }
    String deviceId = request.getParam("deviceId");
    if (deviceId == null || deviceId.isBlank()) {
      return CheckResult.rejectUpgrade(400);
    }
    boolean theirs =
        routing
            .view()
            .find(AccountRef.of(Platform.SWITCHBOARD, deviceId))
            .filter(route -> route.personId().equals(token.getSubject()))
            .isPresent();
    if (!theirs) {
      return CheckResult.rejectUpgrade(403);
    }
    context.userData().put(PERSON, token.getSubject());
    context.userData().put(DEVICE, deviceId);
    context.userData().put(EXPIRES, token.getExpirationTime());
    return permitOnceLeaseValid();
  }

  /**
   * The permit, once the replica's lease is valid; 503 if it stays invalid for {@link #LEASE_WAIT}.
   * Only an upgrade that passed every check waits: refusals are answered at once.
   */
  private Uni<CheckResult> permitOnceLeaseValid() {
    return lease
        .awaitValid(LEASE_WAIT)
        .chain(valid -> valid ? CheckResult.permitUpgrade() : CheckResult.rejectUpgrade(503));
  }

  /** The token of the {@code Authorization} header, else of a {@code bearer.} subprotocol. */
  private static String bearer(HttpServerRequest request, List<String> subprotocols) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null) {
      return authorization.regionMatches(true, 0, "Bearer ", 0, 7)
          ? authorization.substring(7).trim()
          : null;
    }
    return subprotocols.stream()
        .filter(p -> p.startsWith(BEARER_SUBPROTOCOL) && p.length() > BEARER_SUBPROTOCOL.length())
        .map(p -> p.substring(BEARER_SUBPROTOCOL.length()))
        .findFirst()
        .orElse(null);
  }

  private static List<String> subprotocols(HttpServerRequest request) {
    return request.headers().getAll("Sec-WebSocket-Protocol").stream()
        .flatMap(header -> List.of(header.split(",")).stream())
        .map(String::trim)
        .toList();
  }
}
