package io.switchboard.gateway.websocket;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageDeleted;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.data.Typing;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.websocket.OncePerNonce.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The message frames of protocol v1 (docs/gateway.md): {@code send}, {@code edit}, {@code unsend},
 * {@code react}, {@code delivered}, {@code read} and {@code typing}. Each answers with the frame to
 * send back (none for {@code typing}) once Kafka acknowledged its event.
 */
@ApplicationScoped
public class MessageWrites {
  static final String SEND = "send";
  static final Set<String> TYPES =
      Set.of(SEND, "edit", "unsend", "react", "delivered", "read", "typing");
  private static final int MAX_REACTION_LENGTH = 32;

  /** Message ids one {@code delivered} frame names at most. */
  static final int MAX_DELIVERED = 100;

  private final ConversationAccess access;
  private final OncePerNonce once;
  private final ClientEvents events;
  private final ClientConfig config;
  private final Clock clock = Clock.systemUTC();

  public MessageWrites(
      ConversationAccess access, OncePerNonce once, ClientEvents events, ClientConfig config) {
    this.access = access;
    this.once = once;
    this.events = events;
    this.config = config;
  }

  Uni<String> handle(String type, ClientFrame frame, Actor actor) {
    return switch (type) {
      case SEND -> send(frame, actor);
      case "edit" -> edit(frame, actor);
      case "unsend" -> unsend(frame, actor);
      case "react" -> react(frame, actor);
      case "delivered" -> delivered(frame, actor);
      case "read" -> read(frame, actor);
      default -> typing(frame, actor);
    };
  }

  /**
   * The message id is made of the device and its nonce, so the device knows it before it seals the
   * content (sealed envelopes are bound to it) and a resend carries the same one.
   */
  private Uni<String> send(ClientFrame frame, Actor actor) {
    String nonce = frame.nonce();
    String conversationId = frame.conversationId();
    String replyTo = frame.optionalText("replyTo", ClientFrame.MAX_ID_LENGTH);
    String messageId = "sb." + actor.deviceId() + "." + nonce;
    Instant now = clock.instant();
    MessageCreated message =
        ClientEvents.withContent(
            new MessageCreated(
                conversationId,
                messageId,
                actor.account(),
                null,
                null,
                replyTo,
                null,
                nonce,
                now,
                now),
            frame.object("content"));
    Uni<Void> allowed = access.sender(conversationId, actor);
    if (replyTo != null) {
      allowed =
          allowed.chain(() -> access.exists(conversationId, replyTo, "replyTo")).replaceWithVoid();
    }
    return allowed
        .chain(
            () ->
                once.publish(
                    actor,
                    nonce,
                    SEND,
                    new Ids(conversationId, EventIds.random(), messageId),
                    claim -> MeshEvent.of(claim.eventId(), ClientEvents.SOURCE, now, message)))
        .map(
            claim ->
                Frames.sent(
                    frame.ref(),
                    nonce,
                    claim.conversationId(),
                    claim.messageId(),
                    claim.eventId()));
  }

  private Uni<String> edit(ClientFrame frame, Actor actor) {
    String conversationId = frame.conversationId();
    String messageId = frame.messageId();
    Instant now = clock.instant();
    MessageEdited edited =
        ClientEvents.withContent(
            new MessageEdited(conversationId, messageId, actor.account(), null, now, now),
            frame.object("content"));
    return access
        .ownMessage(conversationId, messageId, actor)
        .chain(() -> accepted(frame, conversationId, Topics.INBOUND_CLIENT, now, edited));
  }

  private Uni<String> unsend(ClientFrame frame, Actor actor) {
    String conversationId = frame.conversationId();
    String messageId = frame.messageId();
    Instant now = clock.instant();
    MessageDeleted deleted =
        ClientEvents.checked(
            new MessageDeleted(conversationId, messageId, actor.account(), now, now));
    return access
        .ownMessage(conversationId, messageId, actor)
        .chain(() -> accepted(frame, conversationId, Topics.INBOUND_CLIENT, now, deleted));
  }

  private Uni<String> react(ClientFrame frame, Actor actor) {
    String conversationId = frame.conversationId();
    String messageId = frame.messageId();
    String reaction = frame.optionalName("reaction", MAX_REACTION_LENGTH);
    if (reaction == null) {
      throw FrameRefused.invalid("reaction", "required, an emoji of 1 to 32 characters");
    }
    Instant now = clock.instant();
    EventData event =
        frame.optionalBool("remove")
            ? ClientEvents.checked(
                new ReactionRemoved(conversationId, messageId, actor.account(), reaction, now, now))
            : ClientEvents.checked(
                new ReactionAdded(conversationId, messageId, actor.account(), reaction, now, now));
    return access
        .message(conversationId, messageId, actor)
        .chain(() -> accepted(frame, conversationId, Topics.INBOUND_CLIENT, now, event));
  }

  /** The device has these messages of the conversation: one receipt for all of them. */
  private Uni<String> delivered(ClientFrame frame, Actor actor) {
    String conversationId = frame.conversationId();
    List<String> messageIds = frame.messageIds("messageIds", MAX_DELIVERED);
    Instant now = clock.instant();
    Receipt receipt = receipt(conversationId, actor, ReceiptStatus.DELIVERED, messageIds, now);
    return access
        .messages(conversationId, messageIds, actor)
        .chain(() -> accepted(frame, conversationId, Topics.INBOUND_CLIENT, now, receipt));
  }

  private Uni<String> read(ClientFrame frame, Actor actor) {
    String conversationId = frame.conversationId();
    String messageId = frame.messageId();
    Instant now = clock.instant();
    Receipt receipt = receipt(conversationId, actor, ReceiptStatus.READ, List.of(messageId), now);
    return access
        .message(conversationId, messageId, actor)
        .chain(() -> accepted(frame, conversationId, Topics.INBOUND_CLIENT, now, receipt));
  }

  private static Receipt receipt(
      String conversationId,
      Actor actor,
      ReceiptStatus status,
      List<String> messageIds,
      Instant now) {
    return ClientEvents.checked(
        new Receipt(
            conversationId, actor.account(), status, messageIds, null, null, null, now, now));
  }

  /** Ephemeral and frequent: published on the short-lived typing topic, and not answered. */
  private Uni<String> typing(ClientFrame frame, Actor actor) {
    String conversationId = frame.conversationId();
    Instant now = clock.instant();
    Typing typing =
        ClientEvents.checked(
            new Typing(
                conversationId,
                actor.account(),
                frame.bool("typing"),
                now.plus(config.typingExpiry())));
    return access
        .member(conversationId, actor)
        .chain(() -> events.publishNew(Topics.TYPING, now, typing))
        .replaceWith((String) null);
  }

  private Uni<String> accepted(
      ClientFrame frame, String conversationId, String topic, Instant now, EventData data) {
    return events
        .publishNew(topic, now, data)
        .map(eventId -> Frames.accepted(frame.ref(), conversationId, eventId));
  }
}
