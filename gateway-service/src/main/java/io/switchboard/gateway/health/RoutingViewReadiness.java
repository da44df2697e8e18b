package io.switchboard.gateway.health;

import io.switchboard.gateway.routing.RoutingViewLoader;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the routing view holds what identity.links held when the service started. */
@Readiness
@ApplicationScoped
public class RoutingViewReadiness implements HealthCheck {
  public static final String NAME = "Routing view";

  private final RoutingViewLoader loader;

  public RoutingViewReadiness(RoutingViewLoader loader) {
    this.loader = loader;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named(NAME)
        .status(loader.isCaughtUp())
        .withData("accounts", loader.view().size())
        .build();
  }
}
