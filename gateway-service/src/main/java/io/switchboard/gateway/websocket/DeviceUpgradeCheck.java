package io.switchboard.gateway.websocket;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.gateway.routing.RoutingViewLoader;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Checks the upgrade to {@code /ws/v1} before any WebSocket exists: a person's JWT in {@code
 * Authorization: Bearer} (401 without a valid one), and a {@code deviceId} query parameter naming
 * one of that person's Switchboard devices in the routing view (400 without, 403 for someone else's
 * or an unknown device).
 */
@ApplicationScoped
public class DeviceUpgradeCheck implements HttpUpgradeCheck {
  static final TypedKey<String> PERSON = TypedKey.forString("switchboard.person");
  static final TypedKey<String> DEVICE = TypedKey.forString("switchboard.device");
  private static final Map<String, List<String>> CHALLENGE =
      Map.of("WWW-Authenticate", List.of("Bearer"));

  private final JWTParser parser;
  private final RoutingViewLoader routing;

  public DeviceUpgradeCheck(JWTParser parser, RoutingViewLoader routing) {
    this.parser = parser;
    this.routing = routing;
  }

  @Override
  public Uni<CheckResult> perform(HttpUpgradeContext context) {
    String authorization = context.httpRequest().getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return CheckResult.rejectUpgrade(401, CHALLENGE);
    }
    JsonWebToken token;
    try {
      token = parser.parse(authorization.substring(7).trim());
    } catch (ParseException e) {
      return CheckResult.rejectUpgrade(401, CHALLENGE);
    }
    if (!token.getGroups().contains("person") || token.getSubject() == null) {
      return CheckResult.rejectUpgrade(403);
    }
    String deviceId = context.httpRequest().getParam("deviceId");
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
    return CheckResult.permitUpgrade();
  }
}
