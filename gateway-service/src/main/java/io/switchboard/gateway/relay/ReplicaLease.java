package io.switchboard.gateway.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.reactive.datasource.ReactiveDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * The replica's lease in {@code gateway.replica_leases}, renewed every {@code
 * switchboard.gateway.relay.renew-every}; each renewal also counts the other replicas holding a
 * live lease. With none, the replica is alone and its pushes need no record on {@code
 * gateway.pushes} ({@link PushRelay}).
 *
 * <p>For that to be safe, a replica holds connections only while its lease is valid ({@link
 * LeaseClock}): upgrades wait for it (the first ones after a start wait about {@code trust}), and
 * when it lapses (the database did not answer for about a lease) every connection is closed; the
 * clients reconnect and {@code sync}. Times in the table are the database's, one clock for all.
 *
 * <p>The renewals go through a connection of their own (the {@code lease} datasource): waiting in
 * the queue of the replica's busy pool would lapse a lease over a database that answers.
 */
@ApplicationScoped
public class ReplicaLease {
  private static final Logger LOG = Logger.getLogger(ReplicaLease.class);
  private static final Duration CHECK_EVERY = Duration.ofMillis(100);

  // Renews this replica's lease (never shortening it), forgets replicas stopped a minute ago, and
  // counts the others whose lease runs, all in one statement.
  private static final String RENEW =
      """
      WITH renewed AS (
        INSERT INTO gateway.replica_leases AS l (replica_id, lease_until)
        VALUES ($1, now() + $2::bigint * interval '1 millisecond')
        ON CONFLICT (replica_id) DO UPDATE
          SET lease_until = greatest(l.lease_until, excluded.lease_until)
        RETURNING 1),
      gone AS (
        DELETE FROM gateway.replica_leases
        WHERE lease_until < now() - interval '1 minute' AND replica_id <> $1)
      SELECT count(*) AS others FROM gateway.replica_leases
      WHERE replica_id <> $1 AND lease_until > now()""";

  private final String replicaId;
  private final Pool pool;
  private final Vertx vertx;
  private final GatewayConfig.Relay config;
  private final Event<LeaseLapsed> lapsed;
  private final LeaseClock clock;
  private final Counter lapses;
  private volatile CompletableFuture<Void> becameValid = new CompletableFuture<>();
  private volatile boolean stopped;
  private volatile boolean failing;

  public ReplicaLease(
      ReplicaId replicaId,
      @ReactiveDataSource("lease") Pool pool,
      Vertx vertx,
      GatewayConfig config,
      Event<LeaseLapsed> lapsed,
      MeterRegistry metrics) {
    this.replicaId = replicaId.value();
    this.pool = pool;
    this.vertx = vertx;
    this.config = config.relay();
    this.lapsed = lapsed;
    this.clock = new LeaseClock(this.config.lease(), this.config.trust());
    this.lapses =
        Counter.builder("switchboard.gateway.relay.lease.lapses")
            .description("Times this replica's lease lapsed and its connections were closed")
            .register(metrics);
  }

  void start(@Observes StartupEvent event) {
    renew();
    vertx.setPeriodic(CHECK_EVERY.toMillis(), id -> check());
  }

  void stop(@Observes ShutdownEvent event) {
    stopped = true;
  }

  /** Whether another replica may hold a device that a push is for: then it needs its record. */
  public boolean othersMayListen() {
    return !config.skipWhenAlone() || !clock.alone(System.nanoTime());
  }

  /** Whether this replica may hold connections now. */
  public boolean valid() {
    return clock.valid(System.nanoTime());
  }

  /**
   * True once the lease is valid, false if it is not within {@code max}. Every waiting caller
   * shares one signal, so a crowd reconnecting at once costs no timer each.
   */
  public Uni<Boolean> awaitValid(Duration max) {
    if (valid()) {
      return Uni.createFrom().item(true);
    }
    return Uni.createFrom()
        .completionStage(becameValid)
        .map(signalled -> valid())
        .ifNoItem()
        .after(max)
        .recoverWithItem(false);
  }

  private void renew() {
    if (stopped) {
      return;
    }
    long sent = System.nanoTime();
    pool.preparedQuery(RENEW)
        .execute(Tuple.of(replicaId, config.lease().toMillis()))
        // An answer after the lease could not count any more; a statement that hangs must not
        // stop the renewals.
        .ifNoItem()
        .after(config.lease())
        .fail()
        .subscribe()
        .with(
            rows -> {
              int others = rows.iterator().next().getLong("others").intValue();
              if (failing) {
                failing = false;
                LOG.info("replica lease renewed again");
              }
              if (clock.renewed(sent, System.nanoTime(), others)) {
                lapse("a renewal came too late");
              }
              next();
            },
            failure -> {
              if (!failing) {
                failing = true;
                LOG.warnf(
                    "replica lease not renewed, trying every %s: %s",
                    config.renewEvery(), failure.getClass().getName());
              }
              next();
            });
  }

  private void next() {
    vertx.setTimer(config.renewEvery().toMillis(), id -> renew());
  }

  private void check() {
    long now = System.nanoTime();
    if (clock.expired(now)) {
      lapse("the database did not renew it in time");
    }
    CompletableFuture<Void> signal = becameValid;
    if (clock.valid(now)) {
      signal.complete(null);
    } else if (signal.isDone()) {
      becameValid = new CompletableFuture<>();
    }
  }

  private void lapse(String why) {
    lapses.increment();
    LOG.warnf("replica lease lapsed (%s): closing every connection", why);
    lapsed.fire(new LeaseLapsed());
  }
}
