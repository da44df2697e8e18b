package io.switchboard.service.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Builds responses that carry the mesh's error body. */
public final class ErrorResponses {
  private ErrorResponses() {}

  public static Response of(int status, String error, String message, Object details) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(error, message, details))
        .build();
  }

  public static Response of(int status, String error, String message) {
    return of(status, error, message, null);
  }

  /** The error code of a plain HTTP status, for refusals that carry no code of their own. */
  public static String codeOf(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 422 -> "unprocessable";
      case 429 -> "rate_limited";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal_error" : "error";
    };
  }
}
