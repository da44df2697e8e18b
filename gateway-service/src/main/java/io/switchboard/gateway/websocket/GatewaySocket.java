package io.switchboard.gateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.EventCodec;
import io.switchboard.gateway.config.GatewayConfig;
import io.switchboard.gateway.log.ConversationLog;
import io.switchboard.gateway.log.LogEntry;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The client protocol v1 (docs/gateway.md): a device of a person, admitted by {@link
 * DeviceUpgradeCheck}, receives {@code message} frames for new entries of its person's
 * conversations, lists them with {@code inbox}, moves its cursor with {@code ack}, catches up with
 * {@code sync}, and writes through {@link ClientWrites}. A bad frame gets an {@code error} frame
 * and the connection stays open.
 */
@WebSocket(path = "/ws/v1", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class GatewaySocket {
  private static final Logger LOG = Logger.getLogger(GatewaySocket.class);
  private static final int MAX_ID_LENGTH = 512;

  private final DeviceSessions sessions;
  private final ConnectionLimits limits;
  private final ConversationLog log;
  private final GatewayConfig config;
  private final ClientWrites writes;
  private final Inbox inbox;
  private final LapsedLeaseCloser lapsedLeases;

  public GatewaySocket(
      DeviceSessions sessions,
      ConnectionLimits limits,
      ConversationLog log,
      GatewayConfig config,
      ClientWrites writes,
      Inbox inbox,
      LapsedLeaseCloser lapsedLeases) {
    this.lapsedLeases = lapsedLeases;
    this.sessions = sessions;
    this.limits = limits;
    this.log = log;
    this.config = config;
    this.writes = writes;
    this.inbox = inbox;
  }

  @OnOpen
  void open(WebSocketConnection connection) {
    limits.opened(connection);
    sessions.add(person(connection), connection);
    lapsedLeases.closeIfLapsed(connection);
  }

  @OnClose
  void close(WebSocketConnection connection) {
    sessions.remove(person(connection), connection);
    limits.closed(connection);
  }

  @OnPongMessage
  @NonBlocking
  void pong(Buffer data, WebSocketConnection connection) {
    limits.heard(connection);
  }

  /**
   * Takes each frame in as it arrives (rate limit, frames waiting) and handles it once the ones
   * before it are handled: frames are read concurrently, so that a frame held up behind an answer
   * the client does not read is still counted.
   */
  @OnTextMessage
  Uni<Void> onText(String text, WebSocketConnection connection) {
    if (!limits.admit(connection)) {
      return Uni.createFrom().voidItem();
    }
    return limits.inOrder(connection, () -> handle(text, connection));
  }

  private Uni<Void> handle(String text, WebSocketConnection connection) {
    JsonNode frame;
    try {
      frame = EventCodec.mapper().readTree(text);
    } catch (Exception e) {
      return error(connection, "malformed_frame", "a frame is one JSON object");
    }
    if (frame == null || !frame.isObject()) {
      return error(connection, "malformed_frame", "a frame is one JSON object");
    }
    JsonNode type = frame.get("type");
    if (type == null || !type.isTextual()) {
      return error(connection, "invalid_field", "type: required, a string");
    }
    return switch (type.asText()) {
      case "ack" -> ack(frame, connection);
      case "sync" -> sync(frame, connection);
      case "inbox" -> inbox.answer(frame, connection, person(connection), device(connection));
      default ->
          writes.handles(type.asText())
              ? writes.handle(type.asText(), frame, connection)
              : error(connection, "unknown_type", "type: not a frame of protocol v1");
    };
  }

  private Uni<Void> ack(JsonNode frame, WebSocketConnection connection) {
    String conversationId = conversationId(frame);
    if (conversationId == null) {
      return error(connection, "invalid_field", "conversationId: required, a non-empty string");
    }
    JsonNode seq = frame.get("seq");
    if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber() || seq.asLong() < 1) {
      return error(connection, "invalid_field", "seq: required, an integer of at least 1");
    }
    return log.lastSeqFor(conversationId, person(connection))
        .chain(
            last -> {
              if (last.isEmpty()) {
                return error(connection, "not_a_member", "no such conversation of yours");
              }
              if (seq.asLong() > last.get()) {
                return error(connection, "seq_out_of_range", "seq: beyond the last message");
              }
              return log.ack(device(connection), conversationId, seq.asLong())
                  .chain(stored -> connection.sendText(Frames.acked(conversationId, stored)));
            })
        .onFailure()
        .recoverWithUni(failure -> unavailable(connection, failure));
  }

  private Uni<Void> sync(JsonNode frame, WebSocketConnection connection) {
    String conversationId = conversationId(frame);
    if (conversationId == null) {
      return error(connection, "invalid_field", "conversationId: required, a non-empty string");
    }
    JsonNode since = frame.get("since");
    if (since == null || !since.isIntegralNumber() || since.asLong() < 0) {
      return error(connection, "invalid_field", "since: required, an integer of at least 0");
    }
    return log.lastSeqFor(conversationId, person(connection))
        .chain(
            last -> {
              if (last.isEmpty()) {
                return error(connection, "not_a_member", "no such conversation of yours");
              }
              return log.entriesAfter(conversationId, since.asLong(), config.syncLimit())
                  .chain(
                      entries ->
                          sendAll(connection, conversationId, entries, since.asLong(), last.get()));
            })
        .onFailure()
        .recoverWithUni(failure -> unavailable(connection, failure));
  }

  private static Uni<Void> sendAll(
      WebSocketConnection connection,
      String conversationId,
      List<LogEntry> entries,
      long since,
      long lastSeq) {
    Uni<Void> sent = Uni.createFrom().voidItem();
    for (LogEntry entry : entries) {
      sent = sent.chain(() -> connection.sendText(Frames.message(entry)));
    }
    long until = entries.isEmpty() ? since : entries.get(entries.size() - 1).seq();
    return sent.chain(
        () -> connection.sendText(Frames.synced(conversationId, until, lastSeq, until < lastSeq)));
  }

  private static String conversationId(JsonNode frame) {
    JsonNode id = frame.get("conversationId");
    if (id == null || !id.isTextual() || id.asText().isEmpty()) {
      return null;
    }
    return id.asText().length() > MAX_ID_LENGTH ? null : id.asText();
  }

  private static Uni<Void> error(WebSocketConnection connection, String code, String message) {
    return connection.sendText(Frames.error(code, message));
  }

  private static Uni<Void> unavailable(WebSocketConnection connection, Throwable failure) {
    LOG.warnf("frame failed on connection %s: %s", connection.id(), failure.getClass().getName());
    return error(connection, "unavailable", "try again later");
  }

  private static String person(WebSocketConnection connection) {
    return connection.userData().get(DeviceUpgradeCheck.PERSON);
  }

  private static String device(WebSocketConnection connection) {
    return connection.userData().get(DeviceUpgradeCheck.DEVICE);
  }
}
