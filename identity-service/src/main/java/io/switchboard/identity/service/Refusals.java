package io.switchboard.identity.service;

import io.switchboard.service.rest.ApiException;
import java.util.List;
import java.util.Map;

/** The refusals of settings and device changes, in the mesh's error body. */
public final class Refusals {
  private Refusals() {}

  /** 400 naming the field, in the same shape as Bean Validation's refusals. */
  public static ApiException invalid(String field, String message) {
    return new ApiException(
        400,
        "invalid_request",
        field + " " + message,
        List.of(Map.of("field", field, "message", message)));
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  /** 422: the request is well formed but the person's state does not allow it. */
  public static ApiException unprocessable(String error, String message) {
    return new ApiException(422, error, message);
  }
}
