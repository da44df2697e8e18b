package io.switchboard.identity.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.events.EventCodec;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import io.switchboard.identity.config.OutboxConfig;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Drains the outbox into {@code identity.links}, oldest first. A batch is deleted only in the
 * transaction that saw Kafka acknowledge it, so a crash anywhere loses nothing (the batch is sent
 * again, and the idempotent, keyed records make that harmless). One replica drains at a time (an
 * advisory lock), which keeps the records of one account in order.
 */
@ApplicationScoped
public class OutboxPublisher {
  private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
  private static final URI SOURCE = MeshEvent.sourceOf("identity-service");
  private static final long DRAIN_LOCK = 0x5357424f58L;

  private final Pool pool;
  private final LinksProducer producer;
  private final OutboxConfig config;
  private final Vertx vertx;
  private final AtomicBoolean draining = new AtomicBoolean();

  public OutboxPublisher(Pool pool, LinksProducer producer, OutboxConfig config, Vertx vertx) {
    this.pool = pool;
    this.producer = producer;
    this.config = config;
    this.vertx = vertx;
  }

  /** Asks for a drain soon: called when a change was queued, before its commit. */
  public void wakeUp() {
    vertx.setTimer(25, id -> drain().subscribe().with(n -> {}, e -> {}));
  }

  @Scheduled(
      every = "${switchboard.outbox.poll-interval:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> poll() {
    return drain().onFailure().recoverWithItem(0).replaceWithVoid();
  }

  /** Publishes everything queued; the number of records published. */
  public Uni<Integer> drain() {
    if (!draining.compareAndSet(false, true)) {
      return Uni.createFrom().item(0);
    }
    return drainBatches(0).eventually(() -> draining.set(false));
  }

  private Uni<Integer> drainBatches(int published) {
    return pool.withTransaction(this::publishBatch)
        .onFailure()
        .invoke(e -> LOG.warnf("outbox not drained, will retry: %s", e.toString()))
        .flatMap(
            count ->
                count < config.batchSize()
                    ? Uni.createFrom().item(published + count)
                    : drainBatches(published + count));
  }

  private Uni<Integer> publishBatch(SqlConnection connection) {
    return connection
        .preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
        .execute(Tuple.of(DRAIN_LOCK))
        .flatMap(
            locked ->
                locked.iterator().next().getBoolean(0)
                    ? connection
                        .preparedQuery(
                            "SELECT id, record_key, event_id, payload::text AS payload, created_at"
                                + " FROM outbox ORDER BY id LIMIT $1")
                        .execute(Tuple.of(config.batchSize()))
                        .flatMap(rows -> publishAndDelete(connection, rows))
                    : Uni.createFrom().item(0));
  }

  private Uni<Integer> publishAndDelete(
      SqlConnection connection, io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
    List<Long> ids = new ArrayList<>();
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (Row row : rows) {
      ids.add(row.getLong("id"));
      records.add(toRecord(row));
    }
    if (records.isEmpty()) {
      return Uni.createFrom().item(0);
    }
    return Uni.createFrom()
        .item(() -> sendAll(records))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .flatMap(
            sent ->
                connection
                    .preparedQuery("DELETE FROM outbox WHERE id = ANY($1)")
                    .execute(Tuple.of(ids.toArray(Long[]::new)))
                    .replaceWith(ids.size()));
  }

  private int sendAll(List<ProducerRecord<String, byte[]>> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (ProducerRecord<String, byte[]> record : records) {
      acks.add(producer.producer().send(record));
    }
    try {
      for (Future<RecordMetadata> ack : acks) {
        ack.get(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("identity.links did not acknowledge the batch", e);
    }
    return acks.size();
  }

  private static ProducerRecord<String, byte[]> toRecord(Row row) {
    String key = row.getString("record_key");
    String payload = row.getString("payload");
    if (payload == null) {
      return new ProducerRecord<>(Topics.IDENTITY_LINKS, key, null);
    }
    EventData data;
    try {
      data = EventCodec.fromTree(EventType.IDENTITY_ROUTE, EventCodec.mapper().readTree(payload));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable outbox payload " + row.getLong("id"), e);
    }
    OffsetDateTime createdAt = row.getOffsetDateTime("created_at");
    MeshEvent<EventData> event =
        new MeshEvent<>(
            row.getString("event_id"),
            SOURCE,
            EventType.IDENTITY_ROUTE,
            createdAt.toInstant(),
            data);
    return MeshEventRecords.toRecord(Topics.IDENTITY_LINKS, event);
  }
}
