package io.switchboard.gateway.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The gateway's doors for client apps besides the WebSocket ({@code
 * switchboard.gateway.client-api}): the people API it forwards to identity-service, and the demo
 * endpoints of local runs.
 */
@ConfigMapping(prefix = "switchboard.gateway.client-api")
public interface ClientApiConfig {
  /**
   * identity-service's base URL ({@code SWITCHBOARD_GATEWAY_CLIENT_API_IDENTITY_URL}); without it
   * the people API answers 503.
   */
  Optional<URI> identityUrl();

  /** How long a forwarded call may take. */
  @WithDefault("10s")
  Duration timeout();

  /**
   * The people API calls one person (the token's subject) may make through this replica: a token
   * bucket per person ({@code SWITCHBOARD_GATEWAY_CLIENT_API_RATE_LIMIT_PER_SECOND}, {@code
   * _BURST}).
   */
  RateLimit rateLimit();

  /**
   * A token bucket: {@code burst} calls at once, refilled at {@code per-second}. The burst lets a
   * client seal a message to the largest group (one key lookup per member, 1,024 envelopes at most)
   * at once; the rate bounds what one person's token can cost identity-service.
   */
  interface RateLimit {
    @WithDefault("50")
    double perSecond();

    @WithDefault("1024")
    int burst();
  }

  /** The demo endpoints: off unless turned on; never in production. */
  Demo demo();

  interface Demo {
    /**
     * {@code /demo/*} answers only when this is true ({@code
     * SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_ENABLED}).
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * The mesh's JWT signing key, base64 of the RSA private key in PKCS#8, to issue tokens for the
     * demo people ({@code SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_SIGNING_KEY}).
     */
    Optional<String> signingKey();

    /** The JSON file listing the demo people (written by {@code ./switchboard up}). */
    Optional<Path> peopleFile();

    /** The platform simulator's base URL, for the demo panel. */
    Optional<URI> simulatorUrl();

    /** How long a demo token is valid. */
    @WithDefault("12h")
    Duration tokenLifetime();
  }
}
