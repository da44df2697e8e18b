package io.switchboard.simulator.webhook;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Stands in for the three adapters: one small HTTP server that keeps every webhook posted to it and
 * answers 200. The simulator's targets point at it.
 */
public class FakeAdapters implements QuarkusTestResourceLifecycleManager {
  /** A webhook as an adapter received it. */
  public record Received(String path, String signature, byte[] body) {}

  public static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();

  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext(
        "/webhooks",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            RECEIVED.add(
                new Received(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-Hub-Signature-256"),
                    in.readAllBytes()));
          }
          byte[] answer = "{\"accepted\":1}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/";
    return Map.of(
        "switchboard.simulator.targets.messenger", base + "messenger",
        "switchboard.simulator.targets.instagram", base + "instagram",
        "switchboard.simulator.targets.whatsapp", base + "whatsapp");
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
