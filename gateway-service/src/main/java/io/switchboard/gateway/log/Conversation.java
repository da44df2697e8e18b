package io.switchboard.gateway.log;

import java.util.List;

/**
 * A conversation of the log: {@code direct} (two people, or a person and app accounts) or {@code
 * group}, with the persons whose devices see it.
 *
 * @param lastSeq the number of its latest entry
 */
public record Conversation(
    String id, String kind, String name, String theme, long lastSeq, List<String> members) {
  public static final String GROUP = "group";

  public Conversation {
    members = List.copyOf(members);
  }

  public boolean group() {
    return GROUP.equals(kind);
  }

  public boolean member(String personId) {
    return personId != null && members.contains(personId);
  }
}
