package io.switchboard.cli.replay;

import io.switchboard.events.topics.Topics;
import java.util.List;

/** The read models built from the topics, and how each one is rebuilt. */
public enum ReadModel {
  /**
   * The gateway's routing view: every replica reads {@code identity.links} from the beginning,
   * without a consumer group, into memory on every start. There are no offsets to reset.
   */
  GATEWAY_ROUTING_VIEW("gateway-routing-view", null, List.of(Topics.IDENTITY_LINKS)),

  /** The gateway's conversation log, appended by the fan-out's consumer group. */
  GATEWAY_CONVERSATION_LOG(
      "gateway-conversation-log",
      "gateway-service-fanout",
      List.of(
          Topics.INBOUND_INSTAGRAM,
          Topics.INBOUND_MESSENGER,
          Topics.INBOUND_WHATSAPP,
          Topics.INBOUND_CLIENT));

  private final String cliName;
  private final String group;
  private final List<String> topics;

  ReadModel(String cliName, String group, List<String> topics) {
    this.cliName = cliName;
    this.group = group;
    this.topics = topics;
  }

  /** The consumer group that builds it, or null when none does. */
  public String group() {
    return group;
  }

  public List<String> topics() {
    return topics;
  }

  @Override
  public String toString() {
    return cliName;
  }
}
