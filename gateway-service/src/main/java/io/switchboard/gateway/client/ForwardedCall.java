package io.switchboard.gateway.client;

import io.smallrye.mutiny.Uni;
import io.switchboard.service.rest.ErrorResponses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Forwards one HTTP call to another service of the mesh and answers what it answered (status, JSON
 * body), or {@code 503 unavailable} when it cannot be reached. Nothing of the call's body, answer
 * or credentials is logged.
 */
@ApplicationScoped
public class ForwardedCall {
  private static final Logger LOG = Logger.getLogger(ForwardedCall.class);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * Sends {@code method} to {@code target} with the body (JSON, or none) and the caller's {@code
   * Authorization} header (none when null).
   */
  public Uni<Response> forward(
      String method, URI target, byte[] body, String authorization, Duration timeout) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(timeout)
            .header("Accept", "application/json")
            .method(
                method,
                body == null || body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null && body.length > 0) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return Uni.createFrom()
        .completionStage(
            () -> http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()))
        .map(ForwardedCall::relay)
        .onFailure()
        .recoverWithItem(
            failure -> {
              LOG.warnf("%s %s failed: %s", method, target.getPath(), failure.getClass().getName());
              return ErrorResponses.of(
                  503, "unavailable", "the service behind this call cannot be reached: try again");
            });
  }

  private static String pathOnly(String location) {
    try {
      URI uri = URI.create(location);
      return uri.getRawQuery() == null
          ? uri.getRawPath()
          : uri.getRawPath() + "?" + uri.getRawQuery();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Response relay(HttpResponse<byte[]> answer) {
    Response.ResponseBuilder response = Response.status(answer.statusCode());
    if (answer.body().length > 0) {
      response
          .entity(answer.body())
          .type(answer.headers().firstValue("Content-Type").orElse("application/json"));
    }
    answer.headers().firstValue("Retry-After").ifPresent(v -> response.header("Retry-After", v));
    // The service's own address stays inside: the same path answers at the gateway.
    answer
        .headers()
        .firstValue("Location")
        .map(ForwardedCall::pathOnly)
        .ifPresent(v -> response.header("Location", v));
    answer
        .headers()
        .firstValue("WWW-Authenticate")
        .ifPresent(v -> response.header("WWW-Authenticate", v));
    return response.build();
  }
}
