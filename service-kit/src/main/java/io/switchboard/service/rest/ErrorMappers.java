package io.switchboard.service.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every refusal into the mesh's error body. Bodies never echo the request: a malformed
 * webhook may carry message content.
 */
public class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  @ServerExceptionMapper
  public Response apiException(ApiException e) {
    return ErrorResponses.of(e.status(), e.error(), e.getMessage(), e.details());
  }

  @ServerExceptionMapper
  public Response malformedJson(JsonProcessingException e) {
    String where = fieldPath(e);
    String message =
        e instanceof InvalidFormatException || e instanceof MismatchedInputException
            ? "the request body does not have the expected shape"
            : "the request body is not valid JSON";
    return ErrorResponses.of(
        400, "malformed_body", message, where.isEmpty() ? null : Map.of("field", where));
  }

  /**
   * Quarkus maps this subtype with a body of its own; this mapper keeps the mesh's body for a JSON
   * document of the wrong shape (a string where an object belongs, say).
   */
  @ServerExceptionMapper
  public Response wrongShape(MismatchedInputException e) {
    return malformedJson(e);
  }

  @ServerExceptionMapper
  public Response invalid(ConstraintViolationException e) {
    List<Map<String, String>> violations =
        e.getConstraintViolations().stream()
            .map(ErrorMappers::toDetail)
            .sorted((a, b) -> a.get("field").compareTo(b.get("field")))
            .collect(Collectors.toList());
    return ErrorResponses.of(
        400, "invalid_request", "the request breaks one or more constraints", violations);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    String message =
        switch (status) {
          case 404 -> "no such resource";
          case 405 -> "method not allowed on this resource";
          case 406 -> "cannot produce the requested media type";
          case 415 -> "unsupported media type";
          default -> e.getMessage() == null ? "request refused" : e.getMessage();
        };
    return ErrorResponses.of(status, ErrorResponses.codeOf(status), message);
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    LOG.errorf(e, "unexpected failure");
    return ErrorResponses.of(500, "internal_error", "an unexpected error occurred");
  }

  private static Map<String, String> toDetail(ConstraintViolation<?> violation) {
    String path = violation.getPropertyPath().toString();
    int dot = path.indexOf('.');
    // Drop the resource method and parameter name; keep the field inside the body.
    String field = path.contains(".") ? path.substring(path.indexOf('.', dot + 1) + 1) : path;
    return Map.of("field", field, "message", violation.getMessage());
  }

  private static String fieldPath(JsonProcessingException e) {
    if (e instanceof MismatchedInputException mismatch) {
      return mismatch.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining("."));
    }
    return "";
  }
}
