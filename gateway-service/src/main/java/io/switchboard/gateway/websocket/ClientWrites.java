package io.switchboard.gateway.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The write frames of protocol v1: validated, authorized and published to Kafka, and answered only
 * after Kafka acknowledged the event, so nothing answered as written is lost. A refused frame
 * writes nothing and is answered with an {@code error} frame; so is a failure of Kafka or the
 * database ({@code unavailable}). Errors echo the frame's {@code nonce} and {@code ref}.
 */
@ApplicationScoped
public class ClientWrites {
  private static final Logger LOG = Logger.getLogger(ClientWrites.class);

  private final MessageWrites messages;
  private final GroupWrites groups;

  public ClientWrites(MessageWrites messages, GroupWrites groups) {
    this.messages = messages;
    this.groups = groups;
  }

  /** Whether {@code type} names a write frame. */
  public boolean handles(String type) {
    return MessageWrites.TYPES.contains(type) || GroupWrites.TYPES.contains(type);
  }

  public Uni<Void> handle(String type, JsonNode json, WebSocketConnection connection) {
    ClientFrame frame = new ClientFrame(json);
    Actor actor = Actor.of(connection);
    return Uni.createFrom()
        .deferred(
            () -> {
              frame.ref();
              return MessageWrites.TYPES.contains(type)
                  ? messages.handle(type, frame, actor)
                  : groups.handle(type, frame, actor);
            })
        .onFailure(FrameRefused.class)
        .recoverWithItem(failure -> error(frame, (FrameRefused) failure))
        .onFailure()
        .recoverWithItem(
            failure -> {
              LOG.warnf(
                  "%s failed on connection %s: %s",
                  type, connection.id(), failure.getClass().getName());
              return Frames.error(
                  "unavailable", "try again later", frame.echo("nonce"), frame.echo("ref"));
            })
        .chain(
            answer -> answer == null ? Uni.createFrom().voidItem() : connection.sendText(answer));
  }

  private static String error(ClientFrame frame, FrameRefused refused) {
    return Frames.error(
        refused.code(), refused.getMessage(), frame.echo("nonce"), frame.echo("ref"));
  }
}
