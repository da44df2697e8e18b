package io.switchboard.adapter.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * A platform edge's webhook settings. Secrets come from the environment ({@code
 * SWITCHBOARD_WEBHOOK_APP_SECRET}, {@code SWITCHBOARD_WEBHOOK_VERIFY_TOKEN}), never from files in
 * the repository.
 */
@ConfigMapping(prefix = "switchboard.webhook")
public interface WebhookConfig {
  /** The Meta app secret that signs webhooks. */
  String appSecret();

  /** The token Meta echoes in the subscription handshake. */
  String verifyToken();

  /** How long to wait for Kafka to acknowledge a webhook's events before answering 503. */
  @WithDefault("15s")
  Duration ackTimeout();
}
