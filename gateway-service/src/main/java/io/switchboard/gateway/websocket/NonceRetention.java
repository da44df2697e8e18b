package io.switchboard.gateway.websocket;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.gateway.log.ClientNonces;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Forgets client nonces older than {@code switchboard.gateway.client.nonce-retention}, on every
 * replica (deleting the same rows twice is harmless), so the table holds about one retention's
 * worth of sends.
 */
@ApplicationScoped
public class NonceRetention {
  private static final Logger LOG = Logger.getLogger(NonceRetention.class);

  void start(@Observes StartupEvent event, Vertx vertx, ClientNonces nonces, ClientConfig config) {
    vertx.setPeriodic(
        config.nonceCleanupInterval().toMillis(),
        timer ->
            nonces
                .forgetOlderThan(config.nonceRetention())
                .subscribe()
                .with(
                    forgotten -> LOG.debugf("forgot %d client nonces", forgotten),
                    failure ->
                        LOG.warnf(
                            "forgetting client nonces failed: %s", failure.getClass().getName())));
  }
}
