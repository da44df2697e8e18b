package io.switchboard.whatsapp.outbound;

import io.switchboard.adapter.outbound.OutboundPlan;
import io.switchboard.adapter.outbound.SendRequest;
import io.switchboard.adapter.outbound.WindowFallback;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * WhatsApp's answer to a closed customer service window: the configured template, sent once in
 * place of the refused message and of the rest of its event. If WhatsApp accepts it the message is
 * reported {@code sent} with a note saying the template went in its place; the user, once they
 * answer, opens the window again. Reactions, which a template cannot stand for, are not replaced.
 */
public final class WindowTemplate implements WindowFallback {
  private final String name;
  private final String language;

  public WindowTemplate(String name, String language) {
    this.name = name;
    this.language = language;
  }

  /** The configured template, or no fallback when none is configured. */
  public static WindowFallback of(WindowTemplateConfig config) {
    return config
        .name()
        .filter(name -> !name.isBlank())
        .<WindowFallback>map(name -> new WindowTemplate(name, config.language()))
        .orElse(WindowFallback.NONE);
  }

  @Override
  public Optional<Step> after(OutboundPlan.Send plan, SendRequest refused) {
    if (!refused.body().containsKey("type")
        || "reaction".equals(refused.body().getString("type"))) {
      return Optional.empty();
    }
    JsonObject template =
        new JsonObject().put("name", name).put("language", new JsonObject().put("code", language));
    JsonObject body =
        new JsonObject()
            .put("messaging_product", "whatsapp")
            .put("recipient_type", "individual")
            .put("to", plan.recipient().accountId())
            .put("type", "template")
            .put("template", template);
    return Optional.of(
        new Step.Replace(
            SendRequest.of(body),
            "outside the 24-hour window: the template "
                + name
                + " ("
                + language
                + ") was sent in place of the message"));
  }
}
