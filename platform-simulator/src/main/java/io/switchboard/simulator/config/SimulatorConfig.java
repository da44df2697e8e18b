package io.switchboard.simulator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.switchboard.simulator.Platform;
import java.time.Duration;
import java.util.Optional;

/**
 * The simulator's settings. Secrets (app secrets, access tokens) have no defaults outside the dev
 * and test profiles: in production they come from the environment, e.g. {@code
 * SWITCHBOARD_SIMULATOR_APP_SECRETS_MESSENGER}.
 */
@ConfigMapping(prefix = "switchboard.simulator")
public interface SimulatorConfig {
  /** The app secret each platform signs its webhooks with (the adapters' app secrets). */
  PerPlatform appSecrets();

  /** The access token the Send API of each platform accepts. */
  PerPlatform accessTokens();

  /** Where the webhook driver posts each platform's webhooks. */
  Targets targets();

  /** Meta's documented rate limits, enforced per page, account or phone number. */
  Limits limits();

  /** How many Send API calls to keep for {@code GET /simulator/calls}. */
  @WithDefault("10000")
  int maxRecordedCalls();

  /** How many users (platform and user id) to remember; beyond it, some are forgotten. */
  @WithDefault("100000")
  int maxUsers();

  /** One optional value per platform. */
  interface PerPlatform {
    Optional<String> messenger();

    Optional<String> instagram();

    Optional<String> whatsapp();

    default Optional<String> of(Platform platform) {
      return switch (platform) {
        case MESSENGER -> messenger();
        case INSTAGRAM -> instagram();
        case WHATSAPP -> whatsapp();
      };
    }
  }

  /** The adapters' webhook URLs, as {@code ./switchboard up} runs them by default. */
  interface Targets {
    @WithDefault("http://127.0.0.1:8081/webhooks/messenger")
    String messenger();

    @WithDefault("http://127.0.0.1:8082/webhooks/instagram")
    String instagram();

    @WithDefault("http://127.0.0.1:8083/webhooks/whatsapp")
    String whatsapp();

    default String of(Platform platform) {
      return switch (platform) {
        case MESSENGER -> messenger();
        case INSTAGRAM -> instagram();
        case WHATSAPP -> whatsapp();
      };
    }
  }

  /** Calls allowed per window; the defaults are Meta's published limits. */
  interface Limits {
    /** Send API calls per second per page or account for text, links, reactions, stickers. */
    @WithDefault("300")
    int graphTextPerSecond();

    /** Send API calls per second per page or account for audio or video. */
    @WithDefault("10")
    int graphMediaPerSecond();

    /** Cloud API messages per second per business phone number. */
    @WithDefault("80")
    int whatsappPerSecond();

    /** Messages to one recipient from one business phone number within {@link #pairWindow}. */
    @WithDefault("45")
    int whatsappPairBurst();

    @WithDefault("6s")
    Duration pairWindow();
  }
}
