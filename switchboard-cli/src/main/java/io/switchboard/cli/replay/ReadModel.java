package io.switchboard.cli.replay;

import io.switchboard.events.topics.Topics;
import java.util.List;

/** The read models built from the topics, and how each one is rebuilt. */
public enum ReadModel {
  /**
   * The gateway's routing view: every replica reads {@code identity.links} from the beginning,
   * without a consumer group, into memory on every start. There are no offsets to reset.
   */
  GATEWAY_ROUTING_VIEW(
      "gateway-routing-view", null, List.of(Topics.IDENTITY_LINKS), "the gateway", null, null),

  /** The gateway's conversation log, appended by the fan-out's consumer group. */
  GATEWAY_CONVERSATION_LOG(
      "gateway-conversation-log",
      "gateway-service-fanout",
      Inbound.TOPICS,
      "the gateway",
      "gateway-service",
      "The conversation log appends each event id once (docs/gateway.md), so messages already in"
          + " it keep their numbers and are neither delivered nor fanned out again; only events"
          + " missing from the log are appended and delivered."),

  /** The app each person last wrote from, which identity-service learns from the messages. */
  IDENTITY_LAST_USED(
      "identity-last-used",
      "identity-service-last-used",
      Inbound.TOPICS,
      "identity-service",
      "identity-service",
      "A person's last used app only moves to the app of a message newer than the one that set"
          + " it (docs/events.md), so messages read again change nothing that was recorded.");

  private final String cliName;
  private final String group;
  private final List<String> topics;
  private final String service;
  private final String deployment;
  private final String afterReset;

  ReadModel(
      String cliName,
      String group,
      List<String> topics,
      String service,
      String deployment,
      String afterReset) {
    this.cliName = cliName;
    this.group = group;
    this.topics = topics;
    this.service = service;
    this.deployment = deployment;
    this.afterReset = afterReset;
  }

  /** The consumer group that builds it, or null when none does. */
  public String group() {
    return group;
  }

  public List<String> topics() {
    return topics;
  }

  /** The service that builds it, as a sentence names it ("the gateway"). */
  String service() {
    return service;
  }

  /** The Kubernetes deployment of that service. */
  String deployment() {
    return deployment;
  }

  /** Why reading the records again is safe. */
  String afterReset() {
    return afterReset;
  }

  @Override
  public String toString() {
    return cliName;
  }

  /** The topics the mesh's inbound events arrive on (a holder: enum constants come first). */
  private static final class Inbound {
    static final List<String> TOPICS =
        List.of(
            Topics.INBOUND_INSTAGRAM,
            Topics.INBOUND_MESSENGER,
            Topics.INBOUND_WHATSAPP,
            Topics.INBOUND_CLIENT);
  }
}
