package io.switchboard.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Switchboard device on the gateway's WebSocket, with the JDK's client: frames as JSON in arrival
 * order, the close code and reason, and a way to stop reading (a slow client).
 */
final class DeviceSocket implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile String closeReason;
  private final boolean reading;
  private WebSocket socket;

  private DeviceSocket(boolean reading) {
    this.reading = reading;
  }

  /** Connects device {@code deviceId} to the gateway at {@code baseUrl} with {@code token}. */
  static DeviceSocket connect(String baseUrl, String deviceId, String token) {
    return connect(baseUrl, deviceId, token, true);
  }

  /**
   * Connects a device that, with {@code reading} false, reads one frame and then nothing more, so
   * what the gateway sends piles up in TCP buffers and the gateway's outgoing queue.
   */
  static DeviceSocket connect(String baseUrl, String deviceId, String token, boolean reading) {
    DeviceSocket device = new DeviceSocket(reading);
    URI uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws/v1?deviceId=" + deviceId);
    device.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .connectTimeout(Duration.ofSeconds(10))
            .buildAsync(uri, device.new Listener())
            .join();
    return device;
  }

  /**
   * Connects a device just registered, once the gateway's routing view has it: until the device's
   * route arrives on identity.links the upgrade is refused with 403, which is tried again.
   */
  static DeviceSocket connectWhenKnown(
      String baseUrl, String deviceId, String token, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return connect(baseUrl, deviceId, token);
      } catch (CompletionException e) {
        boolean unknownYet =
            e.getCause() instanceof WebSocketHandshakeException refused
                && refused.getResponse().statusCode() == 403;
        if (!unknownYet || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  void send(String frame) {
    socket.sendText(frame, true).join();
  }

  /** Sends a plain text message and answers the gateway's {@code sent} frame for it. */
  JsonNode sendText(String conversationId, String text, Duration timeout) {
    String nonce = UUID.randomUUID().toString();
    ObjectNode send = JSON.createObjectNode();
    send.put("type", "send");
    send.put("nonce", nonce);
    send.put("conversationId", conversationId);
    send.putObject("content").put("kind", "plain").put("text", text);
    send(send.toString());
    return await(
        f -> f.path("type").asText().equals("sent") && f.path("nonce").asText().equals(nonce),
        timeout);
  }

  /** A {@code message} frame with this plain text. */
  static Predicate<JsonNode> message(String text) {
    return f ->
        f.path("type").asText().equals("message")
            && f.path("content").path("text").asText().equals(text);
  }

  /** The first frame (removed from the queue) that matches, waiting at most {@code timeout}. */
  JsonNode await(Predicate<JsonNode> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonNode> skipped = new ArrayList<>();
    try {
      while (System.nanoTime() < deadline) {
        JsonNode frame = frames.poll(100, TimeUnit.MILLISECONDS);
        if (frame == null) {
          continue;
        }
        if (wanted.test(frame)) {
          return frame;
        }
        skipped.add(frame);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      List<JsonNode> rest = new ArrayList<>();
      frames.drainTo(rest);
      frames.addAll(skipped);
      frames.addAll(rest);
    }
    throw new AssertionError("no wanted frame within " + timeout + "; got " + summary(skipped));
  }

  /** Frames by type, number and error code: never their content, which may be large. */
  private static List<String> summary(List<JsonNode> frames) {
    return frames.stream()
        .map(
            f ->
                f.path("type").asText()
                    + (f.has("seq") ? "#" + f.path("seq").asLong() : "")
                    + (f.has("code") ? "(" + f.path("code").asText() + ")" : ""))
        .toList();
  }

  /** Every frame received so far, removed from the queue. */
  List<JsonNode> drain() {
    List<JsonNode> all = new ArrayList<>();
    frames.drainTo(all);
    return all;
  }

  /** The close code the server sent, waiting at most {@code timeout}. */
  int awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("not closed within " + timeout, e);
    }
  }

  String closeReason() {
    return closeReason;
  }

  boolean isOpen() {
    return !closed.isDone();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          frames.add(JSON.readTree(text.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        text.setLength(0);
      }
      if (reading) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeReason = reason;
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
