package io.switchboard.gateway.client;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A stand-in for the services the client API forwards to (identity-service, the platform
 * simulator): it records every request it gets and answers {@code 418} with a JSON body naming the
 * path, so a test sees both what was forwarded and that the answer came back as it was. The real
 * services behind the gateway are exercised in system-tests.
 */
public class NeighbourServer implements QuarkusTestResourceLifecycleManager {
  /** What the stand-in received, oldest first. */
  public record Received(String method, String pathAndQuery, String authorization, String body) {}

  static final LinkedBlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();
  static Path peopleFile;

  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            RECEIVED.add(
                new Received(
                    exchange.getRequestMethod(),
                    query == null ? path : path + "?" + query,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(body, StandardCharsets.UTF_8)));
            byte[] answer =
                ("{\"error\":\"teapot\",\"message\":\"" + path + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Retry-After", "7");
            exchange
                .getResponseHeaders()
                .add("Location", "http://127.0.0.1:1" + path + "?at=neighbour");
            exchange.sendResponseHeaders(418, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
          });
      server.start();
      peopleFile = Files.createTempFile("demo-people", ".json");
      Files.writeString(
          peopleFile,
          "[{\"personId\":\"p-ada\",\"name\":\"Ada\","
              + "\"accounts\":[{\"platform\":\"instagram\",\"accountId\":\"1\"}]}]");
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      String key =
          new String(
              NeighbourServer.class.getResourceAsStream("/jwt/test-private-key.pem").readAllBytes(),
              StandardCharsets.US_ASCII);
      return Map.of(
          "switchboard.gateway.client-api.identity-url", url,
          "switchboard.gateway.client-api.demo.enabled", "true",
          "switchboard.gateway.client-api.demo.simulator-url", url,
          "switchboard.gateway.client-api.demo.people-file", peopleFile.toString(),
          "switchboard.gateway.client-api.demo.signing-key", key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
    try {
      if (peopleFile != null) {
        Files.deleteIfExists(peopleFile);
      }
    } catch (IOException e) {
      // a temporary file
    }
  }
}
