package io.switchboard.events.data;

/**
 * An event that belongs to one conversation, whose id is its key so the conversation keeps order.
 */
public sealed interface ConversationEvent extends EventData
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

  @Override
  default String key() {
    return conversationId();
  }
}
