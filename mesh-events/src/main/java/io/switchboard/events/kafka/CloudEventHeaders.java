package io.switchboard.events.kafka;

/**
 * Header names of the CloudEvents Kafka protocol binding, binary content mode: every attribute is a
 * {@code ce_}-prefixed header, {@code datacontenttype} is the {@code content-type} header.
 */
public final class CloudEventHeaders {
  public static final String SPEC_VERSION = "ce_specversion";
  public static final String ID = "ce_id";
  public static final String SOURCE = "ce_source";
  public static final String TYPE = "ce_type";
  public static final String SUBJECT = "ce_subject";
  public static final String TIME = "ce_time";
  public static final String CONTENT_TYPE = "content-type";

  private CloudEventHeaders() {}
}
