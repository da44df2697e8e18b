package io.switchboard.gateway.log;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Ids of the conversations that start on Switchboard rather than on an app: {@code
 * sb:dm:<personA>:<personB>} between two people (the two person ids in ascending order, so both
 * name it alike and the first message creates it), and {@code sb:group:<uuid>} for groups, created
 * by a {@code conversation.changed} {@code created}.
 */
public final class SwitchboardConversations {
  public static final String PREFIX = "sb:";
  public static final String DIRECT_PREFIX = "sb:dm:";
  public static final String GROUP_PREFIX = "sb:group:";

  private SwitchboardConversations() {}

  public static boolean isSwitchboard(String conversationId) {
    return conversationId.startsWith(PREFIX);
  }

  public static boolean isGroup(String conversationId) {
    return conversationId.startsWith(GROUP_PREFIX)
        && conversationId.length() > GROUP_PREFIX.length();
  }

  /** A new group's id. */
  public static String newGroup() {
    return GROUP_PREFIX + UUID.randomUUID();
  }

  /**
   * The other person of a well-formed direct conversation that {@code personId} is one of; empty
   * for any other id.
   */
  public static Optional<String> otherPerson(String conversationId, String personId) {
    return directMembers(conversationId)
        .filter(people -> people.contains(personId))
        .map(people -> people.get(0).equals(personId) ? people.get(1) : people.get(0));
  }

  /** The two people of a well-formed direct conversation id, in its order. */
  public static Optional<List<String>> directMembers(String conversationId) {
    if (!conversationId.startsWith(DIRECT_PREFIX)) {
      return Optional.empty();
    }
    String[] people = conversationId.substring(DIRECT_PREFIX.length()).split(":", -1);
    if (people.length != 2
        || people[0].isEmpty()
        || people[1].isEmpty()
        || people[0].compareTo(people[1]) >= 0) {
      return Optional.empty();
    }
    return Optional.of(List.of(people[0], people[1]));
  }

  /** A direct conversation not in the log yet, as its first message will create it. */
  public static Optional<Conversation> newDirect(String conversationId) {
    return directMembers(conversationId)
        .map(people -> new Conversation(conversationId, "direct", null, null, 0, people));
  }
}
