package io.switchboard.whatsapp.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The Cloud API's throughput limits, kept on this side so that the bridge slows down before
 * WhatsApp refuses: messages per second per business phone number (error 130429 beyond), and how
 * long to wait after the pair rate limit (error 131056: too many messages to one user; WhatsApp
 * allows about one every 6 seconds once a short burst is spent).
 */
@ConfigMapping(prefix = "switchboard.whatsapp.throughput")
public interface ThroughputConfig {
  /** Messages per second from one phone number: 80 by default on the Cloud API. */
  @WithDefault("80")
  int messagesPerSecond();

  /** The first wait after a pair rate limit; it doubles with each further one. */
  @WithDefault("6s")
  Duration pairRateBackoff();

  /** The longest wait after a pair rate limit. */
  @WithDefault("30s")
  Duration pairRateMaxBackoff();
}
