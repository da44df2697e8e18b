package io.switchboard.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** The gateway's settings ({@code switchboard.gateway.*}). */
@ConfigMapping(prefix = "switchboard.gateway")
public interface GatewayConfig {
  /**
   * The business account the gateway sends from on each app, by the app's wire name ({@code
   * messenger}: the page id, {@code instagram}: the professional account id, {@code whatsapp}: the
   * phone number id). An app without one receives nothing from the gateway.
   */
  Map<String, String> businessAccounts();

  /** How long the fan-out waits for the routing view to catch up with identity.links at start. */
  @WithDefault("60s")
  Duration routingViewStartTimeout();

  /**
   * How many consumers of the fan-out's group read each inbound topic at once (copies of the
   * channel, each with its own partitions, each keeping their order); more than the topic's
   * partitions only idle. Read by the channels' {@code concurrency} in application.properties. One
   * by default: on two cores shared with Kafka, PostgreSQL and the edges, more consumers measured
   * slower; raise it where the gateway has cores of its own.
   */
  @WithDefault("1")
  int fanoutConcurrency();

  /**
   * How many conversations (record keys) of one poll a fan-out consumer works on at once; the
   * records of one key are always taken one after the other, in their order. Many, because a record
   * mostly waits (for the database, for a receipt's transaction and its Kafka acknowledgement) and
   * those waiting together share statements.
   */
  @WithDefault("64")
  int fanoutKeysInFlight();

  /** The most messages one {@code sync} frame answers with. */
  @WithDefault("500")
  int syncLimit();

  /**
   * How pushes reach the devices connected to other replicas (docs/gateway.md, "Several replicas").
   */
  Relay relay();

  /** The push relay's settings ({@code switchboard.gateway.relay.*}). */
  interface Relay {
    /**
     * Whether a replica that holds the only live lease writes no push records (nobody would read
     * them). Set it to false on the replicas of this version while replicas of a version without
     * leases run beside them (a rolling upgrade): those hold no lease and would be taken for none.
     */
    @WithDefault("true")
    boolean skipWhenAlone();

    /** How often a replica renews its lease. */
    @WithDefault("1s")
    Duration renewEvery();

    /** How long a renewed lease lasts in the database. */
    @WithDefault("5s")
    Duration lease();

    /**
     * How long an answer that counted no other lease is trusted, and how long after a renewal was
     * answered the replica may count on it (so every answer trusted elsewhere has seen it); shorter
     * than the lease.
     */
    @WithDefault("2s")
    Duration trust();
  }
}
