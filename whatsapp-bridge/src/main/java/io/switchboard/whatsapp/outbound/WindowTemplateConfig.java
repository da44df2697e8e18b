package io.switchboard.whatsapp.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The approved message template sent when WhatsApp refuses a message because the user's 24-hour
 * customer service window has closed (error 131047). Only a template may open a conversation
 * outside the window; when none is configured such a message fails with {@code outside_window}. The
 * template is sent without parameters, so it must have none (a short "we have a reply for you,
 * answer to see it").
 */
@ConfigMapping(prefix = "switchboard.whatsapp.window-template")
public interface WindowTemplateConfig {
  /** The template's name as approved in WhatsApp Manager; none: no template is sent. */
  Optional<String> name();

  /** The template's language code, e.g. {@code en_US}. */
  @WithDefault("en_US")
  String language();
}
