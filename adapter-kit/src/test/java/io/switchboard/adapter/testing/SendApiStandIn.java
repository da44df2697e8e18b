package io.switchboard.adapter.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
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
 * A small HTTP server in place of Meta's Send API (the platform simulator is a separate application
 * and belongs to the system tests). It answers Meta-shaped bodies, scripted per recipient, and
 * records every call. Its base URL ends in the platform named by the {@code platform} init argument
 * ({@code messenger} by default), as the simulator's does.
 */
public class SendApiStandIn implements QuarkusTestResourceLifecycleManager {
  /** One recorded call. */
  public record Call(String path, String authorization, JsonObject body) {
    public String recipient() {
      return body.getJsonObject("recipient").getString("id");
    }
  }

  /** A scripted answer. */
  public record Answer(int status, JsonObject body) {}

  private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
  private static final Map<String, Deque<Answer>> SCRIPTS = new ConcurrentHashMap<>();
  private static final AtomicInteger MIDS = new AtomicInteger();

  private HttpServer server;
  private String platform = "messenger";

  @Override
  public void init(Map<String, String> initArgs) {
    platform = initArgs.getOrDefault("platform", platform);
  }

  /** The next answers for calls to {@code recipient}; after them, success. */
  public static void script(String recipient, Answer... answers) {
    SCRIPTS.computeIfAbsent(recipient, r -> new ArrayDeque<>()).addAll(List.of(answers));
  }

  public static List<Call> callsTo(String recipient) {
    return CALLS.stream().filter(c -> recipient.equals(c.recipient())).toList();
  }

  public static Answer error(int status, int code, int subcode, boolean transientError) {
    JsonObject error =
        new JsonObject()
            .put("message", "(#" + code + ") scripted")
            .put("type", "OAuthException")
            .put("code", code)
            .put("fbtrace_id", "AbC123");
    if (subcode != 0) {
      error.put("error_subcode", subcode);
    }
    if (transientError) {
      error.put("is_transient", true);
    }
    return new Answer(status, new JsonObject().put("error", error));
  }

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/" + platform + "/", this::handle);
    server.start();
    return Map.of(
        "switchboard.send-api.base-url",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/" + platform);
  }

  private void handle(HttpExchange exchange) throws IOException {
    JsonObject body =
        new JsonObject(
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Call call =
        new Call(
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body);
    CALLS.add(call);
    Deque<Answer> script = SCRIPTS.getOrDefault(call.recipient(), new ArrayDeque<>());
    Answer answer = script.poll();
    if (answer == null) {
      JsonObject ok = new JsonObject().put("recipient_id", call.recipient());
      if (body.containsKey("message")) {
        ok.put("message_id", "m_standin_" + MIDS.incrementAndGet());
      }
      answer = new Answer(200, ok);
    }
    byte[] bytes = answer.body().encode().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
