package io.switchboard.adapter.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.switchboard.adapter.dedupe.DedupingPublisher;
import io.switchboard.adapter.publish.EventPublisher;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.kafka.EncodedEvent;
import io.switchboard.events.schema.InvalidEventException;
import io.switchboard.service.rest.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The path every platform webhook takes: signature check on the raw bytes, parse, map to mesh
 * events, publish what was not taken before, and only then acknowledge. Anything refused changes
 * nothing: no event is published for a forged, malformed or invalid webhook. A redelivered event is
 * not published again (see {@link DedupingPublisher}).
 */
@ApplicationScoped
public class WebhookIntake {
  private static final Logger LOG = Logger.getLogger(WebhookIntake.class);

  private final WebhookConfig config;
  private final WebhookSignatureVerifier verifier;
  private final ObjectMapper json;
  private final DedupingPublisher dedupe;

  public WebhookIntake(WebhookConfig config, ObjectMapper json, DedupingPublisher dedupe) {
    this.config = config;
    this.verifier = new WebhookSignatureVerifier(config.appSecret());
    this.json = json;
    this.dedupe = dedupe;
  }

  /** Answers the subscription handshake. */
  public String handshake(String mode, String token, String challenge) {
    return WebhookHandshake.answer(mode, token, challenge, config.verifyToken());
  }

  /**
   * Accepts one webhook POST.
   *
   * @param rawBody the body exactly as received
   * @param signature the {@code X-Hub-Signature-256} header
   * @param payloadType the platform's webhook shape
   * @param toEvents the platform's mapping to mesh events
   * @param publisher where the events go
   * @return {@code accepted}: the events published and acknowledged by Kafka; {@code duplicates}:
   *     the events taken before (by an earlier delivery, or one in flight), not published again
   */
  public <W> Uni<Map<String, Integer>> accept(
      byte[] rawBody,
      String signature,
      Class<W> payloadType,
      Function<W, List<MeshEvent<EventData>>> toEvents,
      EventPublisher publisher) {
    return acceptForOutcome(rawBody, signature, payloadType, toEvents, publisher)
        .map(WebhookIntake::answer);
  }

  /**
   * As {@link #accept}, for an edge that does more with what it published (WhatsApp counts messages
   * per chat): the outcome names the events published, duplicates excluded. Answer it with {@link
   * #answer}.
   */
  public <W> Uni<DedupingPublisher.Outcome> acceptForOutcome(
      byte[] rawBody,
      String signature,
      Class<W> payloadType,
      Function<W, List<MeshEvent<EventData>>> toEvents,
      EventPublisher publisher) {
    checkSignature(rawBody, signature);
    W payload = parse(rawBody, payloadType);
    List<EncodedEvent> events;
    try {
      // checked against their schemas (and written) before anything is claimed or published
      events = EncodedEvent.all(toEvents.apply(payload));
    } catch (InvalidEventException e) {
      throw new ApiException(
          400, "invalid_event", "the webhook does not map to a valid event", e.violations());
    }
    return dedupe
        .publishOnce(events, publisher, config.ackTimeout())
        .onFailure()
        .transform(WebhookIntake::unavailable);
  }

  /** The webhook's answer: how many events were accepted, how many were duplicates. */
  public static Map<String, Integer> answer(DedupingPublisher.Outcome outcome) {
    Map<String, Integer> answer = new LinkedHashMap<>();
    answer.put("accepted", outcome.accepted());
    answer.put("duplicates", outcome.duplicates());
    return answer;
  }

  private void checkSignature(byte[] rawBody, String signature) {
    switch (verifier.verify(rawBody, signature)) {
      case VALID -> {}
      case MISSING ->
          throw new ApiException(
              401, "missing_signature", "the X-Hub-Signature-256 header is required");
      case MALFORMED ->
          throw new ApiException(
              401, "invalid_signature", "X-Hub-Signature-256 must be sha256=<64 hex digits>");
      case MISMATCH ->
          throw new ApiException(
              401, "invalid_signature", "X-Hub-Signature-256 does not match the body");
    }
  }

  private <W> W parse(byte[] rawBody, Class<W> payloadType) {
    try {
      W payload = json.readValue(rawBody, payloadType);
      if (payload == null) {
        throw new ApiException(400, "malformed_body", "the webhook body is empty");
      }
      return payload;
    } catch (IOException e) {
      throw new ApiException(400, "malformed_body", "the webhook body is not the expected JSON");
    }
  }

  private static Throwable unavailable(Throwable cause) {
    LOG.warnf("a webhook's events could not be claimed or published: %s", cause.toString());
    return new ApiException(
        503, "unavailable", "events could not be stored; retry later (nothing was lost)");
  }
}
