package io.switchboard.service.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error body of the mesh: {@code {"error": code, "message": text, "details": ...}}.
 *
 * @param error a stable, machine-readable code, e.g. {@code invalid_signature}
 * @param message a sentence for people; never message content or secrets
 * @param details structured context, e.g. the offending fields; omitted when there is none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, Object details) {
  public static ErrorBody of(String error, String message) {
    return new ErrorBody(error, message, null);
  }
}
