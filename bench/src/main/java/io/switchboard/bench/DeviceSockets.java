package io.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * WebSocket connections of many devices through Vert.x's client, the same code for the gateway and
 * for {@link RawBroadcastServer}: one client per local source address (each address has its own
 * ephemeral ports, about 28,000 on Linux), a bounded number of upgrades at a time, the device's
 * token in {@code Authorization: Bearer}, and every text frame handed to one listener.
 */
final class DeviceSockets implements AutoCloseable {
  /** A device to connect, with its person's token. */
  record Device(String deviceId, String token) {}

  /** What a round of connections did. */
  record Opened(int ok, int failed, String firstFailure) {}

  private final List<WebSocketClient> clients;
  private final Queue<WebSocket> open = new ConcurrentLinkedQueue<>();
  private final Map<String, AtomicLong> closedByServer = new ConcurrentHashMap<>();
  private final Queue<DeliveredReports> reports = new ConcurrentLinkedQueue<>();
  private volatile Consumer<String> listener = frame -> {};
  private final AtomicLong refusedReports = new AtomicLong();
  private final AtomicLong reportedIds = new AtomicLong();
  private volatile boolean reporting;
  private volatile boolean closing;

  DeviceSockets(Vertx vertx, List<String> localAddresses) {
    this.clients =
        localAddresses.stream()
            .map(
                address ->
                    vertx.createWebSocketClient(
                        new WebSocketClientOptions()
                            .setLocalAddress(address)
                            .setMaxConnections(1_000_000)
                            .setConnectTimeout(30_000)
                            .setMaxFrameSize(262_144)
                            .setMaxMessageSize(262_144)))
            .toList();
  }

  /** Where every text frame of every connection goes from now on (called on event loops). */
  void onFrame(Consumer<String> listener) {
    this.listener = listener;
  }

  /**
   * Opens one connection per device to {@code ws://host:port<path>?deviceId=<id>}, at most {@code
   * parallel} upgrades at a time, spread over the source addresses; returns once all are settled.
   */
  Opened connect(String host, int port, String path, List<Device> devices, int parallel)
      throws InterruptedException {
    Semaphore slots = new Semaphore(parallel);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    for (int i = 0; i < devices.size(); i++) {
      Device device = devices.get(i);
      WebSocketConnectOptions options =
          new WebSocketConnectOptions()
              .setHost(host)
              .setPort(port)
              .setURI(path + "?deviceId=" + device.deviceId());
      if (device.token() != null) {
        options.addHeader("Authorization", "Bearer " + device.token());
      }
      slots.acquire();
      clients
          .get(i % clients.size())
          .connect(options)
          .onComplete(
              result -> {
                if (result.succeeded()) {
                  register(result.result());
                  ok.incrementAndGet();
                } else {
                  failed.incrementAndGet();
                  firstFailure.compareAndSet(null, result.cause().toString());
                }
                slots.release();
              });
    }
    slots.acquire(parallel);
    return new Opened(ok.get(), failed.get(), firstFailure.get());
  }

  /** One more connection, for sending (the raw server's trigger); frames it gets are ignored. */
  WebSocket connectOne(String host, int port, String path) {
    return clients
        .get(0)
        .connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(path))
        .toCompletionStage()
        .toCompletableFuture()
        .join();
  }

  /**
   * From now on every device reports the messages that reach it as {@code delivered}, as the web
   * client does: the message ids of each conversation gathered and sent every {@code every}, one
   * frame per conversation with at most 100 ids, so the mesh also carries the receipts a real
   * device sends back.
   */
  void reportDelivered(Vertx vertx, Duration every) {
    reporting = true;
    vertx.setPeriodic(every.toMillis(), timer -> reports.forEach(DeliveredReports::flush));
  }

  private void register(WebSocket socket) {
    open.add(socket);
    DeliveredReports pending = new DeliveredReports(socket, reportedIds);
    reports.add(pending);
    socket.textMessageHandler(
        frame -> {
          listener.accept(frame);
          if (reporting) {
            if (frame.startsWith("{\"type\":\"error\"")) {
              refusedReports.incrementAndGet();
            }
            pending.heard(frame);
          }
        });
    socket.closeHandler(
        v -> {
          if (!closing) {
            closedByServer
                .computeIfAbsent(
                    socket.closeStatusCode() + " " + socket.closeReason(), k -> new AtomicLong())
                .incrementAndGet();
          }
        });
  }

  /** Error frames the devices got while they reported deliveries (none is expected). */
  long refusedReports() {
    return refusedReports.get();
  }

  /** Message ids the devices reported as delivered so far. */
  long reportedIds() {
    return reportedIds.get();
  }

  /** Connections the server closed (not this side), by close code and reason. */
  Map<String, AtomicLong> closedByServer() {
    return closedByServer;
  }

  /** The ids of new messages one device heard, per conversation, until it reports them. */
  private static final class DeliveredReports {
    private static final String MESSAGE = "{\"type\":\"message\"";
    private static final int MAX_IDS = 100;

    private final WebSocket socket;
    private final AtomicLong reported;
    private final Map<String, List<String>> pending = new HashMap<>();

    DeliveredReports(WebSocket socket, AtomicLong reported) {
      this.socket = socket;
      this.reported = reported;
    }

    /** Notes a new message's id (the frames are the gateway's, so fields are found as text). */
    void heard(String frame) {
      if (!frame.startsWith(MESSAGE) || !frame.contains("switchboard.message.created.v1")) {
        return;
      }
      String conversationId = field(frame, "conversationId");
      String messageId = field(frame, "messageId");
      if (conversationId == null || messageId == null) {
        return;
      }
      synchronized (this) {
        pending.computeIfAbsent(conversationId, c -> new ArrayList<>()).add(messageId);
      }
    }

    void flush() {
      Map<String, List<String>> due;
      synchronized (this) {
        if (pending.isEmpty()) {
          return;
        }
        due = new HashMap<>(pending);
        pending.clear();
      }
      due.forEach(
          (conversationId, ids) -> {
            List<String> latest = ids.subList(Math.max(0, ids.size() - MAX_IDS), ids.size());
            reported.addAndGet(latest.size());
            socket.writeTextMessage(
                "{\"type\":\"delivered\",\"conversationId\":\""
                    + conversationId
                    + "\",\"messageIds\":[\""
                    + String.join("\",\"", latest)
                    + "\"]}");
          });
    }

    /** A string field's value, when it holds nothing that JSON escapes. */
    private static String field(String frame, String name) {
      String key = "\"" + name + "\":\"";
      int from = frame.indexOf(key);
      if (from < 0) {
        return null;
      }
      from += key.length();
      int end = frame.indexOf('"', from);
      if (end < 0) {
        return null;
      }
      String value = frame.substring(from, end);
      return value.indexOf('\\') >= 0 ? null : value;
    }
  }

  @Override
  public void close() {
    closing = true;
    for (WebSocket socket = open.poll(); socket != null; socket = open.poll()) {
      socket.close();
    }
    clients.forEach(WebSocketClient::close);
  }
}
