package io.switchboard.adapter.meta;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.switchboard.adapter.publish.EventPublisher;
import io.switchboard.adapter.webhook.WebhookIntake;
import io.switchboard.adapter.webhook.WebhookSignatureVerifier;
import io.switchboard.events.kafka.EncodedEvent;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A Meta webhook endpoint (Messenger Platform or Instagram Messaging API): the subscription
 * handshake and signed event delivery. A platform's resource names its path, its inbound channel
 * and its mapper; everything else is the same for both.
 */
public abstract class MetaWebhookResource {
  private final WebhookIntake intake;
  private final EventPublisher publisher;
  private final MetaEventMapper mapper;

  protected MetaWebhookResource(
      WebhookIntake intake, MutinyEmitter<EncodedEvent> emitter, MetaEventMapper mapper) {
    this.intake = intake;
    this.publisher = new EventPublisher(emitter);
    this.mapper = mapper;
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
      summary = "Receives a signed batch of Meta messaging events",
      description =
          "Answers 200 only after Kafka acknowledged every event; 401 when the "
              + "signature is missing or wrong; 503 when Kafka cannot take them, so Meta retries.")
  public Uni<Map<String, Integer>> receive(
      @HeaderParam(WebhookSignatureVerifier.HEADER) String signature, byte[] body) {
    return intake.accept(body, signature, MetaWebhook.class, mapper::toEvents, publisher);
  }
}
