package io.switchboard.gateway.websocket;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.log.ClientNonces;
import io.switchboard.gateway.log.ClientNonces.Claim;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/**
 * Publishes a write that carries a nonce at most once per device and nonce. The first frame claims
 * the nonce with its event's ids; a resend gets the claim's ids and publishes nothing once Kafka
 * acknowledged the event. Until then (the first publish failed, or is still under way next to a
 * concurrent resend) the resend publishes the event again with the same id, and the fan-out drops
 * the second copy by its event id. Either way the answer follows Kafka's acknowledgement.
 */
@ApplicationScoped
public class OncePerNonce {
  private final ClientNonces nonces;
  private final ClientEvents events;

  public OncePerNonce(ClientNonces nonces, ClientEvents events) {
    this.nonces = nonces;
    this.events = events;
  }

  /**
   * The ids a new write would claim its nonce with.
   *
   * @param conversationId its conversation
   * @param eventId its event
   * @param messageId its message, for a {@code send}
   */
  record Ids(String conversationId, String eventId, String messageId) {}

  /**
   * @param frame {@code send} or {@code group.create}; a nonce serves one frame kind, and a {@code
   *     send} nonce one conversation
   * @param candidate the ids to claim the nonce with when it is new
   * @param event the event to publish, made from the ids of the claim
   */
  Uni<Claim> publish(
      Actor actor, String nonce, String frame, Ids candidate, Function<Claim, MeshEvent<?>> event) {
    return nonces
        .claim(
            actor.deviceId(),
            nonce,
            frame,
            candidate.conversationId(),
            candidate.eventId(),
            candidate.messageId())
        .chain(
            claim -> {
              if (!claim.frame().equals(frame)
                  || (frame.equals(MessageWrites.SEND)
                      && !claim.conversationId().equals(candidate.conversationId()))) {
                throw new FrameRefused("nonce_reused", "nonce: already used for another write");
              }
              if (claim.published()) {
                return Uni.createFrom().item(claim);
              }
              return events
                  .publish(Topics.INBOUND_CLIENT, event.apply(claim))
                  .chain(() -> nonces.published(actor.deviceId(), nonce))
                  .replaceWith(claim);
            });
  }
}
