package io.switchboard.whatsapp.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.switchboard.adapter.publish.EventPublisher;
import io.switchboard.adapter.webhook.WebhookIntake;
import io.switchboard.adapter.webhook.WebhookSignatureVerifier;
import io.switchboard.events.kafka.EncodedEvent;
import io.switchboard.events.topics.Topics;
import io.switchboard.whatsapp.chats.ChatStatsRecorder;
import io.switchboard.whatsapp.inbound.WhatsappEventMapper;
import io.switchboard.whatsapp.inbound.WhatsappInboundConfig;
import io.switchboard.whatsapp.inbound.WhatsappWebhook;
import io.switchboard.whatsapp.keys.KnownDeviceKeys;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * The WhatsApp Cloud API webhook: Meta's subscription handshake, and signed deliveries of messages,
 * statuses and sealed pushes. Everything up to Kafka's acknowledgement is adapter-kit's {@link
 * WebhookIntake}; after it, the published messages are counted per chat.
 */
@Path("/webhooks/whatsapp")
public class WhatsappWebhookResource {
  private final WebhookIntake intake;
  private final EventPublisher publisher;
  private final WhatsappEventMapper mapper;
  private final ChatStatsRecorder stats;

  public WhatsappWebhookResource(
      WebhookIntake intake,
      @Channel(Topics.INBOUND_WHATSAPP) MutinyEmitter<EncodedEvent> emitter,
      WhatsappInboundConfig config,
      MeterRegistry meters,
      ChatStatsRecorder stats,
      KnownDeviceKeys keys) {
    this.intake = intake;
    this.publisher = new EventPublisher(emitter);
    this.mapper = new WhatsappEventMapper(config, keys, Clock.systemUTC(), meters);
    this.stats = stats;
  }

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  @Operation(summary = "Meta's subscription handshake: echoes hub.challenge when the token matches")
  public String verify(
      @QueryParam("hub.mode") String mode,
      @QueryParam("hub.verify_token") String token,
      @QueryParam("hub.challenge") String challenge) {
    return intake.handshake(mode, token, challenge);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Receives a signed WhatsApp Cloud API webhook, sealed pushes included",
      description =
          "Answers 200 only after Kafka acknowledged every event; 400 for a malformed body or "
              + "sealed message, or one naming a device key that is not current (nothing is "
              + "written); 401 when the signature is missing or wrong; 503 when Kafka cannot take "
              + "the events or the device keys are still loading, so WhatsApp retries.")
  public Uni<Map<String, Integer>> receive(
      @HeaderParam(WebhookSignatureVerifier.HEADER) String signature, byte[] body) {
    return intake
        .acceptForOutcome(body, signature, WhatsappWebhook.class, mapper::toEvents, publisher)
        .call(outcome -> stats.record(outcome.published()))
        .map(WebhookIntake::answer);
  }
}
