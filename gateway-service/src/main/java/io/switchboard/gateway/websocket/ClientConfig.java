package io.switchboard.gateway.websocket;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of client writes over the WebSocket ({@code switchboard.gateway.client.*}). */
@ConfigMapping(prefix = "switchboard.gateway.client")
public interface ClientConfig {
  /** The most members a group may have, its creator included. */
  @WithDefault("5000")
  int maxGroupMembers();

  /**
   * How long a device's nonce is remembered: a resend within this time answers the first send's
   * ids, a later one is a new message. As long as inbound.client keeps the events.
   */
  @WithDefault("7d")
  Duration nonceRetention();

  /** How often each replica forgets nonces older than {@link #nonceRetention()}. */
  @WithDefault("1h")
  Duration nonceCleanupInterval();

  /** How long a typing indicator holds unless the device renews or stops it. */
  @WithDefault("6s")
  Duration typingExpiry();
}
