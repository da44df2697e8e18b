package io.switchboard.simulator.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.smallrye.mutiny.Uni;
import io.switchboard.simulator.Platform;
import io.switchboard.simulator.calls.CallLog;
import io.switchboard.simulator.calls.RecordedCall;
import io.switchboard.simulator.faults.FaultPlan;
import io.switchboard.simulator.graph.GraphErrors;
import io.switchboard.simulator.graph.GraphSendHandler;
import io.switchboard.simulator.whatsapp.WhatsappErrors;
import io.switchboard.simulator.whatsapp.WhatsappSendHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * Every Send API call goes through here: faults first (an outage answers before anything is
 * checked), then the access token, then the platform's own rules; then the call is recorded.
 */
@ApplicationScoped
public class SendPipeline {
  private final AccessTokens tokens;
  private final FaultPlan faults;
  private final CallLog log;
  private final GraphSendHandler graph;
  private final WhatsappSendHandler whatsapp;
  private final ObjectMapper json;
  private final Clock clock = Clock.systemUTC();

  public SendPipeline(
      AccessTokens tokens,
      FaultPlan faults,
      CallLog log,
      GraphSendHandler graph,
      WhatsappSendHandler whatsapp,
      ObjectMapper json) {
    this.tokens = tokens;
    this.faults = faults;
    this.log = log;
    this.graph = graph;
    this.whatsapp = whatsapp;
    this.json = json;
  }

  public Uni<Response> handle(SendCall call) {
    Instant now = clock.instant();
    JsonNode body = parse(call.body());
    Platform platform = call.platform().orElseGet(() -> platformOf(body, call.token()));
    FaultPlan.Effect effect = faults.apply(platform);
    SendOutcome outcome =
        effect.status() != null
            ? injected(platform, effect.status())
            : answer(platform, call, body, now);
    log.record(
        seq ->
            new RecordedCall(
                seq,
                now,
                platform,
                "POST",
                call.path(),
                call.query(),
                body == null
                    ? TextNode.valueOf(new String(call.body(), StandardCharsets.UTF_8))
                    : body,
                recipientOf(body),
                outcome.status(),
                json.valueToTree(outcome.body()),
                effect.latency().toMillis()));
    Response response =
        Response.status(outcome.status())
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(outcome.body())
            .build();
    Uni<Response> answer = Uni.createFrom().item(response);
    return effect.latency().isZero() ? answer : answer.onItem().delayIt().by(effect.latency());
  }

  private SendOutcome answer(Platform platform, SendCall call, JsonNode body, Instant now) {
    if (!tokens.accepts(platform, call.token())) {
      boolean missing = call.token() == null || call.token().isEmpty();
      return platform == Platform.WHATSAPP
          ? WhatsappErrors.invalidToken(missing)
          : GraphErrors.invalidToken(missing);
    }
    if (body == null) {
      return platform == Platform.WHATSAPP
          ? WhatsappErrors.invalidParameter("The request body is not valid JSON.")
          : GraphErrors.invalidParameter("The request body is not valid JSON");
    }
    return platform == Platform.WHATSAPP
        ? whatsapp.send(call.node(), body, now)
        : graph.send(platform, call.node(), body, now);
  }

  private static SendOutcome injected(Platform platform, int status) {
    if (status == 429) {
      return platform == Platform.WHATSAPP
          ? WhatsappErrors.throughput()
          : GraphErrors.rateLimited();
    }
    return platform == Platform.WHATSAPP
        ? WhatsappErrors.unavailable(status)
        : GraphErrors.unavailable(status);
  }

  private Platform platformOf(JsonNode body, String token) {
    return body != null && body.has("messaging_product")
        ? Platform.WHATSAPP
        : tokens.graphPlatformOf(token);
  }

  private static String recipientOf(JsonNode body) {
    if (body == null) {
      return null;
    }
    JsonNode id = body.has("to") ? body.path("to") : body.path("recipient").path("id");
    return id.isValueNode() ? id.asText() : null;
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      return node == null || node.isMissingNode() ? null : node;
    } catch (IOException e) {
      return null;
    }
  }
}
