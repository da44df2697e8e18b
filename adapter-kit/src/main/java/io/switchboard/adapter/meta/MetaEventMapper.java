package io.switchboard.adapter.meta;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.EventData;
import io.switchboard.service.rest.ApiException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Meta messaging webhooks (Messenger Platform and Instagram Messaging API share one shape) to mesh
 * events. Events in {@code standby} (another app has thread control) map like those in {@code
 * messaging}. Echoes of the page's own sends are not new messages: they are evidence that the send
 * happened, a {@code sent} receipt. Every event id derives from Meta's ids and what tells a
 * redelivery from a new event, so a redelivered webhook maps to the same ids. Event kinds the mesh
 * does not map are skipped and counted in {@value #UNKNOWN_METER}, tagged by platform and kind,
 * without their content.
 */
public class MetaEventMapper {
  /** Counts webhook events of kinds the mesh does not map. */
  public static final String UNKNOWN_METER = "switchboard.webhook.unknown";

  private static final Logger LOG = Logger.getLogger(MetaEventMapper.class);
  private static final Pattern KIND_NAME = Pattern.compile("[a-z_.\\-]{1,64}");

  private final Platform platform;
  private final String object;
  private final URI source;
  private final Clock clock;
  private final MeterRegistry meters;

  /**
   * @param platform the app the webhooks come from
   * @param object the webhook's {@code object}: {@code page} or {@code instagram}
   * @param component the adapter's name, the events' source
   * @param clock the receive time
   * @param meters where unknown kinds are counted
   */
  protected MetaEventMapper(
      Platform platform, String object, String component, Clock clock, MeterRegistry meters) {
    this.platform = platform;
    this.object = object;
    this.source = MeshEvent.sourceOf(component);
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * The mesh events of a webhook; {@link io.switchboard.adapter.webhook.WebhookIntake} checks them
   * against their schemas as it encodes them, before it publishes any.
   *
   * @throws ApiException 400 when the webhook is for another object or an event lacks its sender or
   *     timestamp
   */
  public List<MeshEvent<EventData>> toEvents(MetaWebhook webhook) {
    if (!object.equals(webhook.object())) {
      throw new ApiException(
          400,
          "unsupported_object",
          "a " + platform.wireName() + " webhook has object \"" + object + "\"");
    }
    Instant receivedAt = clock.instant();
    List<MeshEvent<EventData>> events = new ArrayList<>();
    for (MetaEntry entry : webhook.entry()) {
      for (MetaMessaging messaging : entry.messaging()) {
        map(entry, messaging, receivedAt).ifPresent(events::add);
      }
      for (MetaMessaging messaging : entry.standby()) {
        map(entry, messaging, receivedAt).ifPresent(events::add);
      }
      entry.changes().forEach(change -> unknown("changes." + change.field()));
    }
    return events;
  }

  private Optional<MeshEvent<EventData>> map(
      MetaEntry entry, MetaMessaging messaging, Instant receivedAt) {
    MetaEventContext context = MetaEventContext.of(platform, entry, messaging, receivedAt);
    MetaMapping mapping = mapping(context, messaging);
    if (mapping instanceof MetaMapping.Event mapped) {
      String id =
          EventIds.forPlatformEvent(
              platform, EventType.of(mapped.data()), mapped.ids().toArray(String[]::new));
      return Optional.of(MeshEvent.of(id, source, context.at(), mapped.data()));
    }
    return unknown(((MetaMapping.Skipped) mapping).kind());
  }

  private static MetaMapping mapping(MetaEventContext context, MetaMessaging messaging) {
    MetaMessaging.Message message = messaging.message();
    if (message != null) {
      if (message.deleted()) {
        return MetaMessages.deleted(context, message);
      }
      return message.echo()
          ? MetaReceipts.echo(context, message)
          : MetaMessages.created(context, message);
    }
    if (messaging.messageEdit() != null) {
      return MetaMessages.edited(context, messaging.messageEdit());
    }
    if (messaging.reaction() != null) {
      return MetaReactions.map(context, messaging.reaction());
    }
    if (messaging.read() != null) {
      return MetaReceipts.read(context, messaging.read());
    }
    if (messaging.delivery() != null) {
      return MetaReceipts.delivered(context, messaging.delivery());
    }
    if (messaging.postback() != null) {
      return MetaMessages.postback(context, messaging.postback());
    }
    return MetaMapping.skipped(
        messaging.otherFields().keySet().stream().findFirst().orElse("empty"));
  }

  private Optional<MeshEvent<EventData>> unknown(String kind) {
    String tag = kind != null && KIND_NAME.matcher(kind).matches() ? kind : "other";
    meters.counter(UNKNOWN_METER, "platform", platform.wireName(), "kind", tag).increment();
    LOG.debugf("Skipped a %s webhook event of kind %s", platform.wireName(), tag);
    return Optional.empty();
  }
}
