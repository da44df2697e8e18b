package io.switchboard.adapter.outbound;

import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The Send API side of a platform edge, shared by its outbound consumer. */
@ApplicationScoped
public class OutboundBeans {
  @Produces
  @Singleton
  OutboundSender outboundSender(SendApiConfig config, Vertx vertx) {
    return new OutboundSender(
        new SendApiClient(vertx, config),
        new RateLimiter(config.limits()),
        RetryPolicy.of(config.retry()),
        config.humanAgentTag());
  }
}
