package io.switchboard.simulator.send;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The Graph API error body, {@code {"error": {...}}}, as Meta answers it for the Messenger
 * Platform, the Instagram Messaging API and the WhatsApp Cloud API (which adds {@code error_data}).
 */
public record MetaError(Detail error) {

  /** The fields of Meta's error object; absent ones are left out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Detail(
      String message,
      String type,
      int code,
      @JsonProperty("error_subcode") Integer errorSubcode,
      @JsonProperty("error_data") ErrorData errorData,
      @JsonProperty("is_transient") Boolean transientError,
      @JsonProperty("fbtrace_id") String fbtraceId) {}

  /** The WhatsApp Cloud API's explanation of an error. */
  public record ErrorData(
      @JsonProperty("messaging_product") String messagingProduct, String details) {}
}
