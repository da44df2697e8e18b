package io.switchboard.gateway.relay;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.switchboard.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
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
 */
@ApplicationScoped
public class ReplicaLease {
  private static final Logger LOG = Logger.getLogger(ReplicaLease.class);
  private static final Duration CHECK_EVERY = Duration.ofMillis(200);

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
  private volatile boolean stopped;

  public ReplicaLease(
      ReplicaId replicaId,
      Pool pool,
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

  /** True once the lease is valid, false if it is not within {@code max}. */
  public Uni<Boolean> awaitValid(Duration max) {
    if (valid()) {
      return Uni.createFrom().item(true);
    }
    return Multi.createFrom()
        .ticks()
        .every(Duration.ofMillis(50))
        .filter(tick -> valid())
        .toUni()
        .replaceWith(true)
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
        .subscribe()
        .with(
            rows -> {
              int others = rows.iterator().next().getLong("others").intValue();
              if (clock.renewed(sent, System.nanoTime(), others)) {
                lapse("a renewal came too late");
              }
              next();
            },
            failure -> {
              LOG.warnf("replica lease not renewed: %s", failure.getClass().getName());
              next();
            });
  }

  private void next() {
    vertx.setTimer(config.renewEvery().toMillis(), id -> renew());
  }

  private void check() {
    if (clock.expired(System.nanoTime())) {
      lapse("the database did not renew it in time");
    }
  }

  private void lapse(String why) {
    lapses.increment();
    LOG.warnf("replica lease lapsed (%s): closing every connection", why);
    lapsed.fire(new LeaseLapsed());
  }
}
