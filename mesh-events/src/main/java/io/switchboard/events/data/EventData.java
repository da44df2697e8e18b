package io.switchboard.events.data;

/**
 * The data of a mesh event. Its {@link #key()} is the Kafka record key: the conversation id for
 * message topics (order per conversation), the account for {@code identity.links}.
 */
public sealed interface EventData permits ConversationEvent, AccountRoute {

  /** The Kafka record key of this event, also its CloudEvents {@code subject}. */
  String key();
}
