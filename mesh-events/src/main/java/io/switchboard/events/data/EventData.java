package io.switchboard.events.data;

/**
 * The data of a mesh event. Every kind of event belongs to one conversation, whose id is the Kafka
 * key of message topics so that order is kept per conversation.
 */
public sealed interface EventData
    permits MessageCreated,
        MessageEdited,
        MessageDeleted,
        ReactionAdded,
        ReactionRemoved,
        Receipt,
        Typing,
        ConversationChanged {

  /** The conversation this event belongs to. */
  String conversationId();
}
