package io.switchboard.simulator.whatsapp;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.simulator.Platform;
import io.switchboard.simulator.config.SimulatorConfig;
import io.switchboard.simulator.ratelimit.SlidingWindowLimiter;
import io.switchboard.simulator.send.MetaIds;
import io.switchboard.simulator.send.SendOutcome;
import io.switchboard.simulator.users.KnownUser;
import io.switchboard.simulator.users.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The WhatsApp Cloud API's {@code POST /{version}/{phone-number-id}/messages}: messages, and read
 * receipts with an optional typing indicator; after the access token was accepted.
 */
@ApplicationScoped
public class WhatsappSendHandler {
  static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofHours(24);

  /** The Cloud API's success body for a message. */
  public record Sent(
      @JsonProperty("messaging_product") String messagingProduct,
      List<Contact> contacts,
      List<Map<String, String>> messages) {}

  /** Who a message went to: the number as given and the WhatsApp id it resolved to. */
  public record Contact(String input, @JsonProperty("wa_id") String waId) {}

  private final UserDirectory users;
  private final SlidingWindowLimiter throughput;
  private final SlidingWindowLimiter pairLimit;

  public WhatsappSendHandler(UserDirectory users, SimulatorConfig config) {
    this.users = users;
    this.throughput =
        new SlidingWindowLimiter(config.limits().whatsappPerSecond(), Duration.ofSeconds(1));
    this.pairLimit =
        new SlidingWindowLimiter(config.limits().whatsappPairBurst(), config.limits().pairWindow());
  }

  public SendOutcome send(String phoneNumberId, JsonNode body, Instant now) {
    String to = WhatsappRequestValidator.text(body.path("to"));
    if (!"whatsapp".equals(body.path("messaging_product").asText())) {
      return WhatsappErrors.invalidParameter("The parameter messaging_product is required.");
    }
    if (body.has("status")) {
      return markRead(body);
    }
    Optional<String> problem = WhatsappRequestValidator.problem(body);
    if (problem.isPresent()) {
      return WhatsappErrors.invalidParameter(problem.get());
    }
    String waId = to.startsWith("+") ? to.substring(1) : to;
    if (!throughput.tryAcquire(phoneNumberId)) {
      return WhatsappErrors.throughput();
    }
    if (!pairLimit.tryAcquire(phoneNumberId + ':' + waId)) {
      return WhatsappErrors.pairRateLimit();
    }
    Optional<KnownUser> user = users.find(Platform.WHATSAPP, phoneNumberId, waId);
    if (user.isEmpty()) {
      return WhatsappErrors.undeliverable();
    }
    boolean template = WhatsappRequestValidator.type(body).equals("template");
    if (!template && !user.get().messagedWithin(CUSTOMER_SERVICE_WINDOW, now)) {
      return WhatsappErrors.reEngagement();
    }
    return SendOutcome.ok(
        new Sent(
            "whatsapp",
            List.of(new Contact(to, waId)),
            List.of(Map.of("id", MetaIds.messageId(Platform.WHATSAPP)))));
  }

  private static SendOutcome markRead(JsonNode body) {
    if (!"read".equals(body.path("status").asText())) {
      return WhatsappErrors.invalidParameter("Param status must be read.");
    }
    if (WhatsappRequestValidator.text(body.path("message_id")) == null) {
      return WhatsappErrors.invalidParameter("The parameter message_id is required.");
    }
    JsonNode typing = body.path("typing_indicator");
    if (!typing.isMissingNode() && !"text".equals(typing.path("type").asText())) {
      return WhatsappErrors.invalidParameter("Param typing_indicator[type] must be text.");
    }
    return SendOutcome.ok(Map.of("success", true));
  }
}
