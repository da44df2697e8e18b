package io.switchboard.messenger.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.switchboard.adapter.meta.MetaWebhookResource;
import io.switchboard.adapter.webhook.WebhookIntake;
import io.switchboard.events.kafka.EncodedEvent;
import io.switchboard.events.topics.Topics;
import io.switchboard.messenger.mapping.MessengerEventMapper;
import jakarta.ws.rs.Path;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** The Messenger Platform webhook: subscription handshake and event delivery. */
@Path("/webhooks/messenger")
public class MessengerWebhookResource extends MetaWebhookResource {
  public MessengerWebhookResource(
      WebhookIntake intake,
      @Channel(Topics.INBOUND_MESSENGER) MutinyEmitter<EncodedEvent> emitter,
      MeterRegistry meters) {
    super(intake, emitter, new MessengerEventMapper(Clock.systemUTC(), meters));
  }
}
