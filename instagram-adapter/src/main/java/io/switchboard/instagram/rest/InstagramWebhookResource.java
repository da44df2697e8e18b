package io.switchboard.instagram.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.switchboard.adapter.meta.MetaWebhookResource;
import io.switchboard.adapter.webhook.WebhookIntake;
import io.switchboard.events.kafka.EncodedEvent;
import io.switchboard.events.topics.Topics;
import io.switchboard.instagram.mapping.InstagramEventMapper;
import jakarta.ws.rs.Path;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** The Instagram Messaging API webhook: subscription handshake and event delivery. */
@Path("/webhooks/instagram")
public class InstagramWebhookResource extends MetaWebhookResource {
  public InstagramWebhookResource(
      WebhookIntake intake,
      @Channel(Topics.INBOUND_INSTAGRAM) MutinyEmitter<EncodedEvent> emitter,
      MeterRegistry meters) {
    super(intake, emitter, new InstagramEventMapper(Clock.systemUTC(), meters));
  }
}
