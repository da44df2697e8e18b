package io.switchboard.gateway.log;

import io.smallrye.mutiny.Uni;
import io.switchboard.events.EventType;
import io.switchboard.service.batch.StatementBatcher;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a client write needs to know about a conversation before it is published: who wrote a
 * message, and how many members a group has. Read-only; the fan-out alone writes the log.
 */
@ApplicationScoped
public class ConversationLookup {
  // Per id asked (numbered by the check it belongs to): whether the person is a member of the
  // conversation, and the id again when it is a message of it.
  private static final String MESSAGES_IN =
      """
      SELECT q.n,
             EXISTS (SELECT 1 FROM gateway.conversation_members cm
                      WHERE cm.conversation_id = q.conversation_id AND cm.person_id = q.person_id)
               AS member,
             m.data ->> 'messageId' AS found
        FROM unnest($1::int[], $2::text[], $3::text[], $4::text[])
          AS q (n, conversation_id, person_id, message_id)
        LEFT JOIN gateway.messages m
          ON m.data ->> 'messageId' = q.message_id AND m.conversation_id = q.conversation_id
         AND m.event_type = $5""";

  /** Message checks running at once at most; checks arriving meanwhile share the next query. */
  static final int CHECKS_IN_FLIGHT = 2;

  /** Message ids one check query names at most. */
  static final int CHECK_WEIGHT = 1_000;

  private final Pool pool;
  private final StatementBatcher<Check, Optional<Set<String>>> checks;

  public ConversationLookup(Pool pool) {
    this.pool = pool;
    this.checks =
        StatementBatcher.<Check, Optional<Set<String>>>of(this::checkAll)
            .maxInFlight(CHECKS_IN_FLIGHT)
            .maxWeight(CHECK_WEIGHT, c -> c.messageIds().size())
            .build();
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

  /** A check of message ids for a person, waiting for its query. */
  private record Check(String conversationId, String personId, List<String> messageIds) {}

  /**
   * Which of these message ids (at least one) are messages of the conversation, asked for a person:
   * empty when they are not a member of it. One query for both, shared by the checks that arrive
   * while others run (every device's {@code delivered} frames ask this).
   */
  public Uni<Optional<Set<String>>> messagesIn(
      String conversationId, String personId, Collection<String> messageIds) {
    if (messageIds.isEmpty()) {
      throw new IllegalArgumentException("name at least one message id");
    }
    return checks.submit(new Check(conversationId, personId, List.copyOf(messageIds)));
  }

  private Uni<List<Optional<Set<String>>>> checkAll(List<Check> batch) {
    List<Integer> numbers = new ArrayList<>();
    List<String> conversations = new ArrayList<>();
    List<String> persons = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int n = 0; n < batch.size(); n++) {
      Check check = batch.get(n);
      for (String id : check.messageIds()) {
        numbers.add(n);
        conversations.add(check.conversationId());
        persons.add(check.personId());
        ids.add(id);
      }
    }
    return pool.preparedQuery(MESSAGES_IN)
        .execute(
            Tuple.of(
                numbers.toArray(Integer[]::new),
                conversations.toArray(String[]::new),
                persons.toArray(String[]::new),
                ids.toArray(String[]::new),
                EventType.MESSAGE_CREATED.ceType()))
        .map(
            rows -> {
              List<Set<String>> found = new ArrayList<>(batch.size());
              boolean[] member = new boolean[batch.size()];
              for (int n = 0; n < batch.size(); n++) {
                found.add(new HashSet<>());
              }
              for (Row row : rows) {
                int n = row.getInteger("n");
                member[n] = row.getBoolean("member");
                String id = row.getString("found");
                if (id != null) {
                  found.get(n).add(id);
                }
              }
              List<Optional<Set<String>>> answers = new ArrayList<>(batch.size());
              for (int n = 0; n < batch.size(); n++) {
                answers.add(member[n] ? Optional.of(found.get(n)) : Optional.empty());
              }
              return answers;
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
