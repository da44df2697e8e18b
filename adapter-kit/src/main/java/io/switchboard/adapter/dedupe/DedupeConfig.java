package io.switchboard.adapter.dedupe;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long an adapter remembers the events it took, and how it forgets them. */
@ConfigMapping(prefix = "switchboard.dedupe")
public interface DedupeConfig {
  /**
   * How long a published event id is remembered: at least the platform's retry window (Graph API
   * webhooks 36 h, WhatsApp 7 days).
   */
  @WithDefault("36h")
  Duration window();

  /**
   * How long a claim that was never marked published blocks a redelivery. It must exceed {@code
   * switchboard.webhook.ack-timeout}, so that a request still waiting for Kafka keeps its claim.
   */
  @WithDefault("30s")
  Duration claimTimeout();

  /** How often expired ids are deleted. */
  @WithDefault("10m")
  Duration cleanupEvery();

  /** Rows deleted per statement, so the cleanup never holds many locks at once. */
  @WithDefault("500")
  int cleanupBatchSize();

  /** Statements per cleanup run at most; what is left waits for the next run. */
  @WithDefault("20")
  int cleanupMaxBatches();
}
