package io.switchboard.identity.messaging;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.ConversationIds;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import io.switchboard.identity.config.LinkingConfig;
import io.switchboard.service.rest.ApiException;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Sends a one-time link code to the account being linked, as a message from the mesh's business
 * account on {@code outbound.<platform>}: the platform's adapter delivers it like any other
 * message. Waits for Kafka's acknowledgement, so a link request is stored only when its code left.
 */
@ApplicationScoped
public class LinkCodeSender {
  private static final Logger LOG = Logger.getLogger(LinkCodeSender.class);
  private static final URI SOURCE = MeshEvent.sourceOf("identity-service");

  private final LinksProducer producer;
  private final LinkingConfig config;
  private final Vertx vertx;
  private final Clock clock;

  public LinkCodeSender(LinksProducer producer, LinkingConfig config, Vertx vertx, Clock clock) {
    this.producer = producer;
    this.config = config;
    this.vertx = vertx;
    this.clock = clock;
  }

  /** Fails with 503 when the platform has no business account or Kafka did not acknowledge. */
  public Uni<Void> send(UUID linkId, AccountRef target, String code) {
    String business =
        config
            .businessAccounts()
            .of(target.platform())
            .orElseThrow(
                () ->
                    new ApiException(
                        503,
                        "unavailable",
                        "linking to " + target.platform().wireName() + " is not configured"));
    ProducerRecord<String, byte[]> record =
        MeshEventRecords.toRecord(
            Topics.outboundOf(target.platform()), event(linkId, business, target, code));
    // send() may block on metadata and the ack is a Future: both stay off the event loop.
    return vertx.executeBlocking(() -> acknowledge(record, linkId), false).replaceWithVoid();
  }

  private Object acknowledge(ProducerRecord<String, byte[]> record, UUID linkId) {
    try {
      return producer
          .producer()
          .send(record)
          .get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable();
    } catch (Exception e) {
      LOG.warnf("link code for %s not sent: %s", linkId, e.getClass().getSimpleName());
      throw unavailable();
    }
  }

  private MeshEvent<MessageCreated> event(
      UUID linkId, String business, AccountRef target, String code) {
    Instant now = clock.instant();
    AccountRef sender = AccountRef.of(target.platform(), business);
    MessageCreated message =
        new MessageCreated(
            ConversationIds.direct(target.platform(), business, target.accountId()),
            "link-" + linkId,
            sender,
            target,
            PlainContent.text(text(code)),
            null,
            null,
            null,
            now,
            now);
    return MeshEvent.of(EventIds.random(), SOURCE, now, message);
  }

  private String text(String code) {
    return "Your Switchboard code is "
        + code
        + ". It links this account to your Switchboard profile and expires in "
        + Math.max(1, (config.codeTtl().toSeconds() + 59) / 60)
        + " minutes. If you did not ask for this, ignore it.";
  }

  private static ApiException unavailable() {
    return new ApiException(503, "unavailable", "the code could not be sent; try again later");
  }
}
