package io.switchboard.simulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.simulator.Platform;
import io.switchboard.simulator.config.SimulatorConfig;
import io.switchboard.simulator.graph.GraphRequestValidator.RateClass;
import io.switchboard.simulator.graph.GraphRequestValidator.Verdict;
import io.switchboard.simulator.ratelimit.SlidingWindowLimiter;
import io.switchboard.simulator.send.MetaIds;
import io.switchboard.simulator.send.SendOutcome;
import io.switchboard.simulator.users.KnownUser;
import io.switchboard.simulator.users.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Send API of the Messenger Platform and the Instagram Messaging API: {@code POST
 * /{version}/{page-id}/messages} and {@code /me/messages}, after the access token was accepted.
 */
@ApplicationScoped
public class GraphSendHandler {
  static final Duration STANDARD_WINDOW = Duration.ofHours(24);
  static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);

  /** Messenger's tags for updates outside the window; Instagram only has HUMAN_AGENT. */
  private static final Set<String> MESSENGER_UPDATE_TAGS =
      Set.of("CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE");

  private final UserDirectory users;
  private final SlidingWindowLimiter textLimit;
  private final SlidingWindowLimiter mediaLimit;

  public GraphSendHandler(UserDirectory users, SimulatorConfig config) {
    this.users = users;
    this.textLimit =
        new SlidingWindowLimiter(config.limits().graphTextPerSecond(), Duration.ofSeconds(1));
    this.mediaLimit =
        new SlidingWindowLimiter(config.limits().graphMediaPerSecond(), Duration.ofSeconds(1));
  }

  public SendOutcome send(Platform platform, String businessId, JsonNode body, Instant now) {
    String recipient = GraphRequestValidator.text(body.path("recipient").path("id"));
    Verdict verdict = GraphRequestValidator.check(body);
    if (verdict.error().isPresent()) {
      return GraphErrors.invalidParameter(verdict.error().get());
    }
    SlidingWindowLimiter limit = verdict.rateClass() == RateClass.MEDIA ? mediaLimit : textLimit;
    if (!limit.tryAcquire(platform.id() + ':' + businessId)) {
      return GraphErrors.rateLimited();
    }
    Optional<KnownUser> user = users.find(platform, businessId, recipient);
    if (user.isEmpty()) {
      return GraphErrors.noMatchingUser();
    }
    if (!mayMessage(platform, user.get(), body, now)) {
      return GraphErrors.outsideWindow();
    }
    Map<String, String> success = new LinkedHashMap<>();
    success.put("recipient_id", recipient);
    if (body.has("message")) {
      success.put("message_id", MetaIds.messageId(platform));
    }
    return SendOutcome.ok(success);
  }

  private static boolean mayMessage(Platform platform, KnownUser user, JsonNode body, Instant now) {
    if (user.messagedWithin(STANDARD_WINDOW, now)) {
      return true;
    }
    if (!"MESSAGE_TAG".equals(body.path("messaging_type").asText())) {
      return false;
    }
    String tag = body.path("tag").asText();
    if (tag.equals("HUMAN_AGENT")) {
      return user.messagedWithin(HUMAN_AGENT_WINDOW, now);
    }
    return platform == Platform.MESSENGER && MESSENGER_UPDATE_TAGS.contains(tag);
  }
}
