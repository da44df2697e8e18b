package io.switchboard.identity.rest;

import io.switchboard.identity.service.RateLimitedException;
import io.switchboard.service.rest.ApiException;
import io.switchboard.service.rest.ErrorResponses;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 429 refusals in the mesh's error body, with the Retry-After header in seconds. */
public class RateLimitedMapper {
  @ServerExceptionMapper
  public Response rateLimited(RateLimitedException e) {
    return render(e);
  }

  /** Any refusal as a response: for refusals that are answered rather than thrown. */
  public static Response render(ApiException e) {
    Response response = ErrorResponses.of(e.status(), e.error(), e.getMessage(), e.details());
    if (e instanceof RateLimitedException limited) {
      return Response.fromResponse(response)
          .header(HttpHeaders.RETRY_AFTER, limited.retryAfterSeconds())
          .build();
    }
    return response;
  }
}
