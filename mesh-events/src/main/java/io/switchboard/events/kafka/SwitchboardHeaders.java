package io.switchboard.events.kafka;

/**
 * Header names the mesh adds to records beside the CloudEvent attributes ({@link
 * CloudEventHeaders}), all beginning {@code switchboard_}: written by one module and read by
 * another, so they are spelled here once. docs/events.md lists them.
 */
public final class SwitchboardHeaders {
  /** The prefix of every header saying why a record is on a dead-letter topic. */
  public static final String DLQ_PREFIX = "switchboard_dlq_";

  /** Why a record is on a dead-letter topic: a stable code such as {@code invalid_event}. */
  public static final String DLQ_REASON = DLQ_PREFIX + "reason";

  /** Readable detail (an HTTP status, a platform's error code), never message content. */
  public static final String DLQ_EXPLANATION = DLQ_PREFIX + "explanation";

  /** How many times the record's delivery was tried. */
  public static final String DLQ_ATTEMPTS = DLQ_PREFIX + "attempts";

  /** The last HTTP status of the delivery, {@code 0} when there was none. */
  public static final String DLQ_STATUS = DLQ_PREFIX + "status";

  /** When a record was replayed by the CLI, so it can be told apart from a first delivery. */
  public static final String REPLAYED = "switchboard_replayed";

  /** The record a replayed record was copied from: {@code topic-partition@offset}. */
  public static final String REPLAYED_FROM = "switchboard_replayed_from";

  /** The dead letter a redriven record came from: {@code topic.dlq-partition@offset}. */
  public static final String REDRIVEN_FROM = "switchboard_redriven_from";

  /** When a dead letter was redriven. */
  public static final String REDRIVEN_AT = "switchboard_redriven_at";

  /** The gateway replica that wrote a record to {@code gateway.pushes}. */
  public static final String REPLICA = "switchboard_replica";

  private SwitchboardHeaders() {}
}
