package io.switchboard.identity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.switchboard.events.Platform;
import java.time.Duration;
import java.util.Optional;

/** How accounts are linked with a one-time code sent through the mesh. */
@ConfigMapping(prefix = "switchboard.linking")
public interface LinkingConfig {
  /**
   * The secret mixed into every stored code hash, so a leaked table cannot be brute-forced offline.
   * From SWITCHBOARD_LINKING_CODE_PEPPER in production.
   */
  String codePepper();

  /** How long a code may be confirmed. */
  @WithDefault("10m")
  Duration codeTtl();

  /** Wrong codes allowed before the request is exhausted. */
  @WithDefault("5")
  int maxAttempts();

  /** Links one person may start in an hour. */
  @WithDefault("5")
  int startsPerPersonPerHour();

  /** Links anyone may start towards one account in an hour: no flooding an account with codes. */
  @WithDefault("3")
  int startsPerTargetPerHour();

  /** How long to wait for Kafka to acknowledge the code's message. */
  @WithDefault("10s")
  Duration sendTimeout();

  /** The business accounts codes are sent from. */
  BusinessAccounts businessAccounts();

  /**
   * The page, Instagram professional account and WhatsApp phone number id the mesh writes from. A
   * platform without one cannot be linked to (503).
   */
  interface BusinessAccounts {
    Optional<String> instagram();

    Optional<String> messenger();

    Optional<String> whatsapp();

    default Optional<String> of(Platform platform) {
      return switch (platform) {
        case INSTAGRAM -> instagram();
        case MESSENGER -> messenger();
        case WHATSAPP -> whatsapp();
        case SWITCHBOARD -> Optional.empty();
      };
    }
  }
}
