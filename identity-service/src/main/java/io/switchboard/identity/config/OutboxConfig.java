package io.switchboard.identity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the outbox drains into {@code identity.links}. */
@ConfigMapping(prefix = "switchboard.outbox")
public interface OutboxConfig {
  /**
   * How often the outbox is checked even when nobody woke the publisher (a safety net: every change
   * wakes it right after queueing). The scheduler's finest interval is one second.
   */
  @WithDefault("1s")
  Duration pollInterval();

  /** Records published per transaction. */
  @WithDefault("500")
  int batchSize();

  /** How long to wait for Kafka's acknowledgements of one batch. */
  @WithDefault("15s")
  Duration ackTimeout();

  /** Brokers for the outbox producer when not those of {@code kafka.bootstrap.servers}. */
  Optional<String> bootstrapServers();
}
