package io.switchboard.gateway.routing;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.events.routing.IdentityLinksFollower;
import io.switchboard.events.routing.RoutingView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps the routing view of this replica: reads every partition of {@code identity.links} from the
 * beginning, without a consumer group (every replica needs every account), and follows it for as
 * long as the service runs ({@link IdentityLinksFollower}). Routing reads the view in memory, so it
 * never waits on identity-service and keeps working while identity-service is down. {@link
 * #caughtUp()} completes once the view holds everything the topic held when the service started.
 */
@ApplicationScoped
public class RoutingViewLoader {
  private static final Logger LOG = Logger.getLogger(RoutingViewLoader.class);

  private final RoutingView view = new RoutingView();
  private final IdentityLinksFollower follower;

  public RoutingViewLoader(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
    this.follower = new IdentityLinksFollower(bootstrap, "gateway-routing-view", view::apply);
  }

  void start(@Observes StartupEvent event) {
    follower
        .caughtUp()
        .thenRun(() -> LOG.infof("routing view caught up: %d accounts", view.size()));
    follower.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    follower.stop();
  }

  public RoutingView view() {
    return view;
  }

  public CompletableFuture<Void> caughtUp() {
    return follower.caughtUp();
  }

  public boolean isCaughtUp() {
    return follower.isCaughtUp();
  }
}
