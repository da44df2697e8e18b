package io.switchboard.gateway.websocket;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Global error handlers for what the server refuses before {@link GatewaySocket} reads it. A
 * message over {@code quarkus.websockets-next.server.max-message-size} reaches the application only
 * as Vert.x' {@link IllegalStateException} (left alone, the connection would close with 1011 as for
 * a server error): the connection closes with {@link CloseCause#MESSAGE_TOO_BIG}. A single frame
 * over {@code max-frame-size}, or one that breaks RFC 6455, is closed by the server itself (1009,
 * 1002); here it is only counted. An error handler declared on the endpoint would take precedence
 * over these.
 */
@ApplicationScoped
public class TransportErrors {
  /** In Vert.x' message: "... would cause message buffer (size N) to overflow max message size". */
  private static final String TOO_BIG = "max message size";

  private final ConnectionCloser closer;

  public TransportErrors(ConnectionCloser closer) {
    this.closer = closer;
  }

  @OnError
  void messageTooBig(IllegalStateException failure, WebSocketConnection connection) {
    if (failure.getMessage() == null || !failure.getMessage().contains(TOO_BIG)) {
      throw failure;
    }
    closer.close(connection, CloseCause.MESSAGE_TOO_BIG).subscribe().with(v -> {});
  }

  @OnError
  void corruptFrame(CorruptedWebSocketFrameException failure, WebSocketConnection connection) {
    CloseCause cause =
        failure.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()
            ? CloseCause.MESSAGE_TOO_BIG
            : CloseCause.PROTOCOL_ERROR;
    closer.close(connection, cause).subscribe().with(v -> {});
  }
}
