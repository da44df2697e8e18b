package io.switchboard.service.rest;

/**
 * A request that the mesh refuses, with the HTTP status and error code to answer. Domain exceptions
 * extend it, so one mapper turns every refusal into the mesh's error body.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String error;
  private final transient Object details;

  public ApiException(int status, String error, String message, Object details) {
    super(message);
    this.status = status;
    this.error = error;
    this.details = details;
  }

  public ApiException(int status, String error, String message) {
    this(status, error, message, null);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public Object details() {
    return details;
  }
}
