package io.switchboard.gateway.log;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.EventType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a client write needs to know about a conversation before it is published: who wrote a
 * message, and how many members a group has. Read-only; the fan-out alone writes the log.
 */
@ApplicationScoped
public class ConversationLookup {
  private final Pool pool;

  public ConversationLookup(Pool pool) {
    this.pool = pool;
  }

  /**
   * A message of a conversation, as first logged.
   *
   * @param senderPersonId the person who wrote it, null when the sender's account is not linked
   */
  public record Written(String senderPersonId) {}

  /** The message with this id in the conversation (its first copy), empty when there is none. */
  public Uni<Optional<Written>> message(String conversationId, String messageId) {
    return pool.preparedQuery(
            "SELECT sender_person_id FROM gateway.messages WHERE data ->> 'messageId' = $2"
                + " AND conversation_id = $1 AND event_type = $3 ORDER BY seq LIMIT 1")
        .execute(Tuple.of(conversationId, messageId, EventType.MESSAGE_CREATED.ceType()))
        .map(
            rows ->
                rows.iterator().hasNext()
                    ? Optional.of(new Written(rows.iterator().next().getString(0)))
                    : Optional.empty());
  }

  /**
   * Which of these message ids are messages of the conversation, asked for a person: empty when
   * they are not a member of it. One query for both.
   */
  public Uni<Optional<Set<String>>> messagesIn(
      String conversationId, String personId, Collection<String> messageIds) {
    return pool.preparedQuery(
            "SELECT ARRAY(SELECT DISTINCT data ->> 'messageId' FROM gateway.messages"
                + " WHERE data ->> 'messageId' = ANY($2::text[])"
                + " AND conversation_id = $1 AND event_type = $3)"
                + " FROM gateway.conversation_members WHERE conversation_id = $1 AND person_id = $4")
        .execute(
            Tuple.of(
                conversationId,
                messageIds.toArray(String[]::new),
                EventType.MESSAGE_CREATED.ceType(),
                personId))
        .map(
            rows -> {
              if (!rows.iterator().hasNext()) {
                return Optional.empty();
              }
              Set<String> found = new HashSet<>();
              for (String id : rows.iterator().next().getArrayOfStrings(0)) {
                found.add(id);
              }
              return Optional.of(found);
            });
  }

  /**
   * The size of a conversation's membership.
   *
   * @param members how many persons are members
   * @param among how many of the persons asked about are members already
   */
  public record Members(long members, long among) {}

  /** How many members the conversation has, and how many of {@code personIds} are among them. */
  public Uni<Members> members(String conversationId, Collection<String> personIds) {
    return pool.preparedQuery(
            "SELECT count(*), count(*) FILTER (WHERE person_id = ANY($2::text[]))"
                + " FROM gateway.conversation_members WHERE conversation_id = $1")
        .execute(Tuple.of(conversationId, personIds.toArray(String[]::new)))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new Members(row.getLong(0), row.getLong(1));
            });
  }
}
