package io.switchboard.events.topics;

import io.switchboard.events.Platform;

/**
 * Topic names as constants, for channel annotations ({@code @Incoming(Topics.INBOUND_MESSENGER)}).
 * Channel name = topic name. The settings of each topic live in {@link TopicCatalogue}; a test
 * keeps the two in step.
 */
public final class Topics {
  public static final String INBOUND_INSTAGRAM = "inbound.instagram";
  public static final String INBOUND_MESSENGER = "inbound.messenger";
  public static final String INBOUND_WHATSAPP = "inbound.whatsapp";
  public static final String INBOUND_CLIENT = "inbound.client";
  public static final String OUTBOUND_INSTAGRAM = "outbound.instagram";
  public static final String OUTBOUND_MESSENGER = "outbound.messenger";
  public static final String OUTBOUND_WHATSAPP = "outbound.whatsapp";
  public static final String DELIVERY_STATUS = "delivery.status";
  public static final String TYPING = "typing";
  public static final String GATEWAY_PUSHES = "gateway.pushes";
  public static final String IDENTITY_LINKS = "identity.links";

  /** The suffix of a topic's dead-letter topic. */
  public static final String DLQ_SUFFIX = ".dlq";

  private Topics() {}

  /**
   * The topic an app's adapter sends from; Switchboard devices have none (the gateway reaches them
   * over WebSocket).
   */
  public static String outboundOf(Platform platform) {
    return switch (platform) {
      case INSTAGRAM -> OUTBOUND_INSTAGRAM;
      case MESSENGER -> OUTBOUND_MESSENGER;
      case WHATSAPP -> OUTBOUND_WHATSAPP;
      case SWITCHBOARD ->
          throw new IllegalArgumentException("Switchboard devices have no outbound topic");
    };
  }

  /** The dead-letter topic of {@code topic}. */
  public static String dlqOf(String topic) {
    return topic + DLQ_SUFFIX;
  }
}
