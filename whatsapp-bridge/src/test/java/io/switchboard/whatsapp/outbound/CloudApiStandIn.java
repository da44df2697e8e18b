package io.switchboard.whatsapp.outbound;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server in place of the WhatsApp Cloud API's {@code POST
 * /<version>/<phone-number-id>/messages} (the platform simulator is a separate application and
 * belongs to the system tests). It answers the Cloud API's bodies, scripted per recipient ({@code
 * to}, or {@code message_id} for a read receipt), and records every call with its raw bytes. Its
 * base URL ends in {@code /whatsapp}, as the simulator's does.
 */
public class CloudApiStandIn implements QuarkusTestResourceLifecycleManager {
  /** One recorded call. */
  public record Call(String path, String authorization, String raw, long nanoTime) {
    public JsonObject body() {
      return new JsonObject(raw);
    }

    /** Whom the call was about: {@code to}, or the message a read receipt marks. */
    public String key() {
      return keyOf(body());
    }
  }

  /** A scripted answer. */
  public record Answer(int status, JsonObject body) {}

  private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
  private static final Map<String, Deque<Answer>> SCRIPTS = new ConcurrentHashMap<>();
  private static final AtomicInteger WAMIDS = new AtomicInteger();

  private HttpServer server;

  /** The next answers for calls about {@code key}; after them, success. */
  public static void script(String key, Answer... answers) {
    SCRIPTS.computeIfAbsent(key, k -> new ArrayDeque<>()).addAll(List.of(answers));
  }

  public static List<Call> callsTo(String key) {
    return CALLS.stream().filter(c -> key.equals(c.key())).toList();
  }

  /** A Cloud API error as WhatsApp answers it since v16.0: no subcode, {@code error_data}. */
  public static Answer error(int status, int code, String title) {
    JsonObject error =
        new JsonObject()
            .put("message", "(#" + code + ") " + title)
            .put("type", "OAuthException")
            .put("code", code)
            .put(
                "error_data",
                new JsonObject().put("messaging_product", "whatsapp").put("details", "scripted"))
            .put("fbtrace_id", "AbC123");
    return new Answer(status, new JsonObject().put("error", error));
  }

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/whatsapp/", this::handle);
    server.start();
    return Map.of(
        "switchboard.send-api.base-url",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/whatsapp");
  }

  private static String keyOf(JsonObject body) {
    return body.containsKey("to") ? body.getString("to") : body.getString("message_id");
  }

  private void handle(HttpExchange exchange) throws IOException {
    String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Call call =
        new Call(
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            raw,
            System.nanoTime());
    CALLS.add(call);
    JsonObject body = call.body();
    Answer answer = SCRIPTS.getOrDefault(call.key(), new ArrayDeque<>()).poll();
    if (answer == null) {
      answer = new Answer(200, success(body));
    }
    byte[] bytes = answer.body().encode().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static JsonObject success(JsonObject body) {
    if (body.containsKey("status")) {
      return new JsonObject().put("success", true);
    }
    String to = body.getString("to");
    return new JsonObject()
        .put("messaging_product", "whatsapp")
        .put("contacts", new JsonArray().add(new JsonObject().put("input", to).put("wa_id", to)))
        .put(
            "messages",
            new JsonArray()
                .add(new JsonObject().put("id", "wamid.standin_" + WAMIDS.incrementAndGet())));
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
