package io.switchboard.gateway.fanout;

import io.switchboard.events.AccountRef;
import io.switchboard.events.ConversationIds;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/** The events the fan-out writes: a message for one app account, and a failed receipt. */
public final class OutboundEvents {
  public static final URI SOURCE = MeshEvent.sourceOf("gateway-service");
  public static final String NO_E2E_ENDPOINT = "recipient-has-no-e2e-endpoint";

  private OutboundEvents() {}

  /**
   * The message as the target app's adapter expects it: in the direct conversation of the gateway's
   * business account with the target account, from the business account. Its id is derived from the
   * source event and the target, so a repeated fan-out repeats the same id and is dropped
   * downstream.
   */
  public static MeshEvent<MessageCreated> forAccount(
      MeshEvent<?> source, MessageCreated message, long seq, String business, AccountRef target) {
    MessageCreated out =
        new MessageCreated(
            ConversationIds.direct(target.platform(), business, target.accountId()),
            message.messageId(),
            AccountRef.of(target.platform(), business),
            target,
            message.content(),
            null,
            seq,
            null,
            message.sentAt(),
            message.receivedAt());
    String id =
        EventIds.forPlatformEvent(
            target.platform(), EventType.MESSAGE_CREATED, source.id(), target.accountId());
    return new MeshEvent<>(id, SOURCE, EventType.MESSAGE_CREATED, source.time(), out);
  }

  /** Sealed content that no end-to-end capable endpoint of the recipient can take. */
  public static MeshEvent<Receipt> noE2eEndpoint(
      MeshEvent<?> source, MessageCreated message, Instant now) {
    AccountRef account = message.recipient() != null ? message.recipient() : message.sender();
    Receipt receipt =
        new Receipt(
            message.conversationId(),
            account,
            ReceiptStatus.FAILED,
            List.of(message.messageId()),
            null,
            NO_E2E_ENDPOINT,
            "sealed content and the recipient has no end-to-end capable endpoint",
            now,
            now);
    // Derived from the source event: a repeated fan-out repeats the id and is dropped downstream.
    String id =
        EventIds.forPlatformEvent(
            Platform.SWITCHBOARD, EventType.RECEIPT, source.id(), NO_E2E_ENDPOINT);
    return new MeshEvent<>(id, SOURCE, EventType.RECEIPT, now, receipt);
  }
}
