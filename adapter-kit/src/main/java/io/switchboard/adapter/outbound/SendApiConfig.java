package io.switchboard.adapter.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How a platform edge reaches the platform's Send API. The access token comes from the environment
 * ({@code SWITCHBOARD_SEND_API_ACCESS_TOKEN}), never from files in the repository.
 */
@ConfigMapping(prefix = "switchboard.send-api")
public interface SendApiConfig {
  /**
   * The Graph API root: {@code https://graph.facebook.com} for Meta, or the platform simulator with
   * the platform in the path ({@code http://127.0.0.1:8086/messenger}). Calls go to {@code
   * <base-url>/<version>/<page-id>/messages}.
   */
  @WithDefault("https://graph.facebook.com")
  String baseUrl();

  /** The Graph API version in the path. */
  @WithDefault("v21.0")
  String version();

  /** The page (or Instagram account) access token; without it nothing is sent. */
  Optional<String> accessToken();

  /** How long one call may take before it counts as a timeout (and is retried). */
  @WithDefault("10s")
  Duration timeout();

  /** Whether a message refused as outside the 24-hour window is sent again with HUMAN_AGENT. */
  @WithDefault("false")
  boolean humanAgentTag();

  Retry retry();

  Limits limits();

  /** Retries of transient failures: exponential backoff with full jitter. */
  interface Retry {
    /** Calls per request, the first included. */
    @WithDefault("5")
    int maxAttempts();

    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("10s")
    Duration maxBackoff();
  }

  /** The platform's documented rate limits, per page or account. */
  interface Limits {
    /** Text, links, reactions, stickers and sender actions. */
    @WithDefault("300")
    int textPerSecond();

    /** Calls with audio or video. */
    @WithDefault("10")
    int mediaPerSecond();
  }
}
