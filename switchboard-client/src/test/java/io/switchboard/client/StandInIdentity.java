package io.switchboard.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for identity-service on the JDK's HTTP server: answers scripted per method and path,
 * {@code 404 not_found} otherwise, and records every request it got.
 */
final class StandInIdentity implements AutoCloseable {
  /** A request as the server saw it. */
  record Request(String method, String rawPath, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  private record Answer(int status, String contentType, String body) {}

  private final HttpServer server;
  private final String prefix;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private StandInIdentity(String prefix) {
    this.prefix = prefix;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  static StandInIdentity start() {
    return new StandInIdentity("");
  }

  /** A stand-in served under a path prefix, as behind a reverse proxy. */
  static StandInIdentity startUnder(String prefix) {
    return new StandInIdentity(prefix);
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
  }

  /** Answers {@code method path} (the raw path, without the prefix) with JSON. */
  StandInIdentity answer(String method, String path, int status, String json) {
    return answer(method, path, status, "application/json", json);
  }

  StandInIdentity answer(String method, String path, int status, String contentType, String body) {
    answers.put(method + " " + prefix + path, new Answer(status, contentType, body));
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  Request onlyRequest() {
    if (requests.size() != 1) {
      throw new AssertionError("expected one request, got " + requests.size());
    }
    return requests.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      requests.add(new Request(method, path, Map.copyOf(lowerCase(exchange)), body));
      Answer answer =
          answers.getOrDefault(
              method + " " + path,
              new Answer(
                  404,
                  "application/json",
                  "{\"error\":\"not_found\",\"message\":\"no such person\"}"));
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", answer.contentType());
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  private static Map<String, List<String>> lowerCase(HttpExchange exchange) {
    Map<String, List<String>> headers = new ConcurrentHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values));
    return headers;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
