package io.switchboard.whatsapp.inbound;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.adapter.meta.MetaEventMapper;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.EventData;
import io.switchboard.service.rest.ApiException;
import io.switchboard.whatsapp.keys.DeviceKeyCheck;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * WhatsApp Cloud API webhooks, and sealed pushes in the same envelope, to mesh events. Only {@code
 * messages} changes are mapped; messages, statuses and changes of kinds the mesh does not map are
 * skipped and counted in {@code switchboard.webhook.unknown{platform="whatsapp",kind}} (the same
 * meter as the Meta adapters), logged at debug by kind only, never with their content.
 */
public class WhatsappEventMapper {
  /** The events' source, {@code /switchboard/whatsapp-bridge}. */
  public static final String COMPONENT = "whatsapp-bridge";

  private static final Logger LOG = Logger.getLogger(WhatsappEventMapper.class);
  private static final Pattern KIND_NAME = Pattern.compile("[a-z_.\\-]{1,64}");
  private static final URI SOURCE = MeshEvent.sourceOf(COMPONENT);

  private final WhatsappMessages messages;
  private final Clock clock;
  private final MeterRegistry meters;

  /**
   * @param mediaBaseUrl where media announced only by id are looked up
   * @param maxCiphertextBytes the most ciphertext one sealed push may carry
   * @param clock the receive time
   * @param meters where unknown kinds are counted
   */
  public WhatsappEventMapper(
      String mediaBaseUrl, int maxCiphertextBytes, Clock clock, MeterRegistry meters) {
    this(mediaBaseUrl, maxCiphertextBytes, null, clock, meters);
  }

  /**
   * @param mediaBaseUrl where media announced only by id are looked up
   * @param maxCiphertextBytes the most ciphertext one sealed push may carry
   * @param keys the current device keys sealed pushes must name, or {@code null} not to check
   * @param clock the receive time
   * @param meters where unknown kinds are counted
   */
  public WhatsappEventMapper(
      String mediaBaseUrl,
      int maxCiphertextBytes,
      DeviceKeyCheck keys,
      Clock clock,
      MeterRegistry meters) {
    this.messages =
        new WhatsappMessages(
            new WhatsappContent(mediaBaseUrl), new SealedPushReader(maxCiphertextBytes, keys));
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * The mapper as configured: device keys are checked against {@code keys} when {@code
   * switchboard.whatsapp.inbound.sealed.check-device-keys} is on.
   */
  public WhatsappEventMapper(
      WhatsappInboundConfig config, DeviceKeyCheck keys, Clock clock, MeterRegistry meters) {
    this(
        config.mediaBaseUrl(),
        config.sealed().maxCiphertextBytes(),
        config.sealed().checkDeviceKeys() ? keys : null,
        clock,
        meters);
  }

  /**
   * The mesh events of a webhook, in the order of its messages and statuses; adapter-kit's {@code
   * WebhookIntake} checks them against their schemas as it encodes them, before it publishes any.
   *
   * @throws ApiException 400 when the webhook is for another object, lacks the business number, a
   *     sender or a timestamp, or carries a malformed or too large sealed message or one naming a
   *     device key that is not current; 503 while the device keys are still loading
   */
  public List<MeshEvent<EventData>> toEvents(WhatsappWebhook webhook) {
    if (!WhatsappWebhook.OBJECT.equals(webhook.object())) {
      throw new ApiException(
          400,
          "unsupported_object",
          "a whatsapp webhook has object \"" + WhatsappWebhook.OBJECT + "\"");
    }
    Instant receivedAt = clock.instant();
    List<MeshEvent<EventData>> events = new ArrayList<>();
    for (WhatsappWebhook.Entry entry : webhook.entry()) {
      for (WhatsappWebhook.Change change : entry.changes()) {
        if (!"messages".equals(change.field()) || change.value() == null) {
          unknown("changes." + change.field());
          continue;
        }
        map(change.value(), receivedAt, events);
      }
    }
    return events;
  }

  private void map(
      WhatsappWebhook.Value value, Instant receivedAt, List<MeshEvent<EventData>> events) {
    value.errors().forEach(error -> unknown("errors"));
    if (value.messages().isEmpty() && value.statuses().isEmpty()) {
      return;
    }
    InboundContext context = InboundContext.of(value, receivedAt);
    for (WaMessage message : value.messages()) {
      add(messages.map(context, message), events);
    }
    for (WaStatus status : value.statuses()) {
      add(WhatsappReceipts.map(context, status), events);
    }
  }

  private void add(InboundMapping mapping, List<MeshEvent<EventData>> events) {
    if (mapping instanceof InboundMapping.Event mapped) {
      String id =
          EventIds.forPlatformEvent(
              Platform.WHATSAPP, EventType.of(mapped.data()), mapped.ids().toArray(String[]::new));
      events.add(MeshEvent.of(id, SOURCE, mapped.at(), mapped.data()));
    } else {
      unknown(((InboundMapping.Skipped) mapping).kind());
    }
  }

  private void unknown(String kind) {
    String tag = kind != null && KIND_NAME.matcher(kind).matches() ? kind : "other";
    meters
        .counter(
            MetaEventMapper.UNKNOWN_METER, "platform", Platform.WHATSAPP.wireName(), "kind", tag)
        .increment();
    LOG.debugf("Skipped a whatsapp webhook event of kind %s", tag);
  }
}
