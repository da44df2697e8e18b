package io.switchboard.events;

import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.ConversationChanged;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageDeleted;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.Typing;
import java.util.Optional;

/**
 * Every CloudEvent type on the mesh, versioned. A breaking change to a type's data is a new version
 * with a new schema, published beside the old one until every consumer has moved.
 */
public enum EventType {
  MESSAGE_CREATED("switchboard.message.created.v1", MessageCreated.class),
  MESSAGE_EDITED("switchboard.message.edited.v1", MessageEdited.class),
  MESSAGE_DELETED("switchboard.message.deleted.v1", MessageDeleted.class),
  REACTION_ADDED("switchboard.reaction.added.v1", ReactionAdded.class),
  REACTION_REMOVED("switchboard.reaction.removed.v1", ReactionRemoved.class),
  RECEIPT("switchboard.receipt.v1", Receipt.class),
  TYPING("switchboard.typing.v1", Typing.class),
  CONVERSATION_CHANGED("switchboard.conversation.changed.v1", ConversationChanged.class),
  IDENTITY_ROUTE("switchboard.identity.route.v1", AccountRoute.class);

  private final String ceType;
  private final Class<? extends EventData> dataClass;

  EventType(String ceType, Class<? extends EventData> dataClass) {
    this.ceType = ceType;
    this.dataClass = dataClass;
  }

  /** The CloudEvents {@code type} attribute. */
  public String ceType() {
    return ceType;
  }

  public Class<? extends EventData> dataClass() {
    return dataClass;
  }

  /** The schema resource of this type's data, inside this module's jar. */
  public String schemaResource() {
    return "META-INF/switchboard/schemas/" + ceType + ".json";
  }

  public static Optional<EventType> fromCeType(String ceType) {
    for (EventType type : values()) {
      if (type.ceType.equals(ceType)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  public static EventType of(EventData data) {
    for (EventType type : values()) {
      if (type.dataClass.isInstance(data)) {
        return type;
      }
    }
    throw new IllegalArgumentException("no event type for " + data.getClass().getName());
  }
}
