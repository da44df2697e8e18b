package io.switchboard.identity.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.schema.InvalidEventException;
import io.switchboard.identity.service.SettingsService;
import io.switchboard.service.rest.ApiException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns the app each person last wrote from out of the messages themselves: every inbound topic, a
 * poll at a time, in its own consumer group. A poll's senders are looked up in one query; for each
 * person the latest message of the poll counts, and only when it is newer than the one that set
 * their last used app and from another app does anything change (locked, through the outbox, so
 * identity.links carries it). Nothing here waits on the gateway, and a replay of the topics moves
 * nobody back to an older app.
 *
 * <p>A record that is not a message, or not a valid event, is passed over (the gateway sends
 * invalid ones to the dead-letter topic). A database failure holds the poll and tries again, with
 * growing pauses, so no message is skipped; offsets are committed behind what was done.
 */
@ApplicationScoped
public class LastUsedRecorder {
  static final String CHANNEL = "last-used";
  private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);
  private static final String MESSAGE = EventType.MESSAGE_CREATED.ceType();

  private static final String SENDERS =
      "SELECT a.person_id, v.platform, v.at, p.last_used_platform, p.last_used_at"
          + " FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS v(platform, account_id, at)"
          + " JOIN account a ON a.platform = v.platform AND a.account_id = v.account_id"
          + " JOIN person p ON p.id = a.person_id";

  private final Pool pool;
  private final SettingsService settings;
  private final MeterRegistry metrics;

  public LastUsedRecorder(Pool pool, SettingsService settings, MeterRegistry metrics) {
    this.pool = pool;
    this.settings = settings;
    this.metrics = metrics;
  }

  @Incoming(CHANNEL)
  public Uni<Void> record(ConsumerRecords<String, byte[]> poll) {
    Map<AccountRef, Instant> latest = latestBySender(poll);
    if (latest.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return changes(latest)
        .chain(this::applyAll)
        .onFailure()
        .invoke(e -> LOG.warnf("last used apps not recorded, trying again: %s", e.toString()))
        .onFailure()
        .retry()
        .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
        .indefinitely();
  }

  /** The time of each sender's latest message in the poll. */
  private Map<AccountRef, Instant> latestBySender(ConsumerRecords<String, byte[]> poll) {
    Map<AccountRef, Instant> latest = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : poll) {
      if (!MESSAGE.equals(MeshEventRecords.header(record.headers(), CloudEventHeaders.TYPE))) {
        continue;
      }
      MeshEvent<EventData> event;
      try {
        event = MeshEventRecords.fromRecord(record);
      } catch (InvalidEventException e) {
        count("invalid");
        LOG.debugf(
            "passed over %s-%d@%d: %s",
            record.topic(), record.partition(), record.offset(), e.getMessage());
        continue;
      }
      MessageCreated message = (MessageCreated) event.data();
      Instant at = message.receivedAt() != null ? message.receivedAt() : event.time();
      latest.merge(message.sender(), at, (a, b) -> a.isAfter(b) ? a : b);
    }
    return latest;
  }

  /** Per person whose last used app moves: the app and when. One query for the whole poll. */
  private Uni<Map<UUID, Used>> changes(Map<AccountRef, Instant> latest) {
    List<String> platforms = new ArrayList<>(latest.size());
    List<String> accounts = new ArrayList<>(latest.size());
    List<OffsetDateTime> times = new ArrayList<>(latest.size());
    latest.forEach(
        (account, at) -> {
          platforms.add(account.platform().wireName());
          accounts.add(account.accountId());
          times.add(at.atOffset(ZoneOffset.UTC));
        });
    return pool.preparedQuery(SENDERS)
        .execute(
            Tuple.of(
                platforms.toArray(String[]::new),
                accounts.toArray(String[]::new),
                times.toArray(OffsetDateTime[]::new)))
        .map(
            rows -> {
              Map<UUID, Used> newest = new LinkedHashMap<>();
              Map<UUID, Used> current = new HashMap<>();
              for (Row row : rows) {
                UUID person = row.getUUID("person_id");
                Used used =
                    new Used(
                        Platform.fromWireName(row.getString("platform")),
                        row.getOffsetDateTime("at").toInstant());
                newest.merge(person, used, (a, b) -> a.at().isAfter(b.at()) ? a : b);
                String was = row.getString("last_used_platform");
                OffsetDateTime wasAt = row.getOffsetDateTime("last_used_at");
                current.putIfAbsent(
                    person,
                    new Used(
                        was == null ? null : Platform.fromWireName(was),
                        wasAt == null ? null : wasAt.toInstant()));
              }
              newest.entrySet().removeIf(e -> !e.getValue().moves(current.get(e.getKey())));
              return newest;
            });
  }

  private Uni<Void> applyAll(Map<UUID, Used> changes) {
    Uni<Void> done = Uni.createFrom().voidItem();
    for (Map.Entry<UUID, Used> change : changes.entrySet()) {
      done = done.chain(() -> apply(change.getKey(), change.getValue()));
    }
    return done;
  }

  private Uni<Void> apply(UUID person, Used used) {
    return Panache.withTransaction(() -> settings.setLastUsed(person, used.platform(), used.at()))
        .invoke(changed -> count(changed ? "changed" : "unchanged"))
        .onFailure(ApiException.class)
        .recoverWithItem(
            e -> {
              // Unlinked or erased since the query: nothing to record.
              count("gone");
              return false;
            })
        .replaceWithVoid();
  }

  private void count(String outcome) {
    metrics.counter("switchboard.identity.last.used", "outcome", outcome).increment();
  }

  /** An app and when the person wrote from it. */
  private record Used(Platform platform, Instant at) {
    /** Whether this is another app than {@code now}, and newer. */
    boolean moves(Used now) {
      return now == null
          || (platform != now.platform() && (now.at() == null || at.isAfter(now.at())));
    }
  }
}
