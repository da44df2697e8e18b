package io.switchboard.service.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers any path that no endpoint serves with the mesh's JSON error body, including in services
 * that have no REST resources of their own.
 */
@ApplicationScoped
public class NotFoundRoute {
  private final byte[] body;

  public NotFoundRoute(ObjectMapper json) throws Exception {
    this.body = json.writeValueAsBytes(ErrorBody.of("not_found", "no such resource"));
  }

  void register(@Observes Router router) {
    router
        .route()
        .last()
        .handler(
            context ->
                context
                    .response()
                    .setStatusCode(404)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(io.vertx.core.buffer.Buffer.buffer(body)));
  }
}
