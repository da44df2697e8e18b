package io.switchboard.messenger.rest;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.switchboard.adapter.meta.MetaWebhook;
import io.switchboard.adapter.publish.EventPublisher;
import io.switchboard.adapter.webhook.WebhookIntake;
import io.switchboard.adapter.webhook.WebhookSignatureVerifier;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.topics.Topics;
import io.switchboard.messenger.mapping.MessengerEventMapper;
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

/** The Messenger Platform webhook: subscription handshake and event delivery. */
@Path("/webhooks/messenger")
public class MessengerWebhookResource {
  private final WebhookIntake intake;
  private final EventPublisher publisher;
  private final MessengerEventMapper mapper = new MessengerEventMapper(Clock.systemUTC());

  public MessengerWebhookResource(
      WebhookIntake intake,
      @Channel(Topics.INBOUND_MESSENGER) MutinyEmitter<MeshEvent<EventData>> emitter) {
    this.intake = intake;
    this.publisher = new EventPublisher(emitter);
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
      summary = "Receives a signed batch of Messenger events",
      description =
          "Answers 200 only after Kafka acknowledged every event; 401 when the "
              + "signature is missing or wrong; 503 when Kafka cannot take them, so Meta retries.")
  public Uni<Map<String, Integer>> receive(
      @HeaderParam(WebhookSignatureVerifier.HEADER) String signature, byte[] body) {
    return intake.accept(body, signature, MetaWebhook.class, mapper::toEvents, publisher);
  }
}
