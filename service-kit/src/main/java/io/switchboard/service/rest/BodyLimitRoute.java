package io.switchboard.service.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared length exceeds {@code quarkus.http.limits.max-body-size} with
 * 413 and the mesh's error body, before the body is read. (Quarkus' own check still guards bodies
 * sent without a length.)
 */
@ApplicationScoped
public class BodyLimitRoute {
  private final long limit;
  private final byte[] body;

  public BodyLimitRoute(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
          MemorySize limit,
      ObjectMapper json)
      throws Exception {
    this.limit = limit.asLongValue();
    this.body =
        json.writeValueAsBytes(
            ErrorBody.of(
                "payload_too_large", "the request body is larger than " + this.limit + " bytes"));
  }

  void register(@Observes Router router) {
    router
        .route()
        .order(-100)
        .handler(
            context -> {
              String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
              if (length != null && declaredLength(length) > limit) {
                context
                    .response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Buffer.buffer(body));
              } else {
                context.next();
              }
            });
  }

  private static long declaredLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
