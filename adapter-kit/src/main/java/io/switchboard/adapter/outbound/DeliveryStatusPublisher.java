package io.switchboard.adapter.outbound;

import io.smallrye.mutiny.Uni;
import io.switchboard.adapter.publish.EventPublisher;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageDeleted;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports on {@code delivery.status} how an outbound message ended: {@code sent} with the
 * platform's message ids, or {@code failed} with an error code and a readable reason (never the
 * message's content). Only events that are messages (created, edited, unsent) are reported:
 * reactions, typing and read marks have no delivery state of their own.
 */
public final class DeliveryStatusPublisher {
  private final EventPublisher publisher;
  private final URI source;
  private final Clock clock;

  public DeliveryStatusPublisher(EventPublisher publisher, String component, Clock clock) {
    this.publisher = publisher;
    this.source = MeshEvent.sourceOf(component);
    this.clock = clock;
  }

  /** The mesh's message id of an outbound event, or null when it is not a message. */
  static String messageIdOf(EventData data) {
    if (data instanceof MessageCreated m) {
      return m.messageId();
    }
    if (data instanceof MessageEdited m) {
      return m.messageId();
    }
    if (data instanceof MessageDeleted m) {
      return m.messageId();
    }
    return null;
  }

  /** {@code sent}: message ids are the mesh's id first, then the platform's. */
  public Uni<Void> sent(
      MeshEvent<EventData> event, AccountRef recipient, List<String> platformIds) {
    return sent(event, recipient, platformIds, null);
  }

  /**
   * {@code sent}, with a note when the message went out in another form than asked (a WhatsApp
   * template in place of a message outside the window): the note is the receipt's {@code
   * errorReason}, readable, never message content; there is no {@code errorCode}.
   */
  public Uni<Void> sent(
      MeshEvent<EventData> event, AccountRef recipient, List<String> platformIds, String note) {
    String messageId = messageIdOf(event.data());
    if (messageId == null) {
      return Uni.createFrom().voidItem();
    }
    List<String> ids = new ArrayList<>();
    ids.add(messageId);
    platformIds.stream().filter(id -> !id.equals(messageId)).forEach(ids::add);
    return publish(event, recipient, ReceiptStatus.SENT, ids, null, note);
  }

  public Uni<Void> failed(
      MeshEvent<EventData> event, AccountRef recipient, String errorCode, String errorReason) {
    String messageId = messageIdOf(event.data());
    if (messageId == null || recipient == null) {
      return Uni.createFrom().voidItem();
    }
    return publish(
        event, recipient, ReceiptStatus.FAILED, List.of(messageId), errorCode, errorReason);
  }

  private Uni<Void> publish(
      MeshEvent<EventData> event,
      AccountRef recipient,
      ReceiptStatus status,
      List<String> ids,
      String errorCode,
      String errorReason) {
    Instant now = clock.instant();
    Receipt receipt =
        new Receipt(event.key(), recipient, status, ids, null, errorCode, errorReason, now, now);
    String id =
        EventIds.forPlatformEvent(
            recipient.platform(), EventType.RECEIPT, event.id(), status.wireName());
    return publisher.publish(MeshEvent.<EventData>of(id, source, now, receipt));
  }
}
