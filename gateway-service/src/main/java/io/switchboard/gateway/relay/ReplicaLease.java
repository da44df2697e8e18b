package io.switchboard.gateway.relay;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.switchboard.gateway.config.GatewayConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Nothing else the replica does can delay a renewal: the renewals go through a JDBC connection
 * of their own (the {@code lease} datasource), not the busy reactive pool, on two threads of their
 * own (one renews, one watches the validity while a renewal waits), not on the event loops. A
 * backlog there under load would make an answer count late, and lapse the lease over a database
 * that answers in time.
 */
@ApplicationScoped
public class ReplicaLease {
  private static final Logger LOG = Logger.getLogger(ReplicaLease.class);
  private static final Duration CHECK_EVERY = Duration.ofMillis(100);
  private static final AtomicInteger THREADS = new AtomicInteger();

  // Renews this replica's lease (never shortening it), forgets replicas stopped a minute ago, and
  // counts the others whose lease runs, all in one statement.
  private static final String RENEW =
      """
      WITH me AS (SELECT CAST(? AS text) AS id, CAST(? AS bigint) AS lease_millis),
      renewed AS (
        INSERT INTO gateway.replica_leases AS l (replica_id, lease_until)
        SELECT id, now() + lease_millis * interval '1 millisecond' FROM me
        ON CONFLICT (replica_id) DO UPDATE
          SET lease_until = greatest(l.lease_until, excluded.lease_until)
        RETURNING 1),
      gone AS (
        DELETE FROM gateway.replica_leases
        WHERE lease_until < now() - interval '1 minute' AND replica_id <> (SELECT id FROM me))
      SELECT count(*) AS others FROM gateway.replica_leases, me
      WHERE replica_id <> me.id AND lease_until > now()""";

  private final String replicaId;
  private final AgroalDataSource dataSource;
  private final GatewayConfig.Relay config;
  private final Event<LeaseLapsed> lapsed;
  private final LeaseClock clock;
  private final Counter lapses;
  private final ScheduledExecutorService threads =
      Executors.newScheduledThreadPool(2, ReplicaLease::thread);
  private volatile CompletableFuture<Void> becameValid = new CompletableFuture<>();
  private volatile boolean failing;

  public ReplicaLease(
      ReplicaId replicaId,
      @DataSource("lease") AgroalDataSource dataSource,
      GatewayConfig config,
      Event<LeaseLapsed> lapsed,
      MeterRegistry metrics) {
    this.replicaId = replicaId.value();
    this.dataSource = dataSource;
    this.config = config.relay();
    this.lapsed = lapsed;
    this.clock = new LeaseClock(this.config.lease(), this.config.trust());
    this.lapses =
        Counter.builder("switchboard.gateway.relay.lease.lapses")
            .description("Times this replica's lease lapsed and its connections were closed")
            .register(metrics);
  }

  void start(@Observes StartupEvent event) {
    threads.scheduleWithFixedDelay(
        this::renew, 0, config.renewEvery().toMillis(), TimeUnit.MILLISECONDS);
    threads.scheduleAtFixedRate(
        this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    threads.shutdownNow();
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
   * True once the lease is valid, false if it is not within {@code max}; on the caller's event loop
   * when it has one. Every waiting caller shares one signal, so a crowd reconnecting at once costs
   * no timer each.
   */
  public Uni<Boolean> awaitValid(Duration max) {
    if (valid()) {
      return Uni.createFrom().item(true);
    }
    Context caller = Vertx.currentContext();
    Uni<Boolean> answer =
        Uni.createFrom()
            .completionStage(becameValid)
            .map(signalled -> valid())
            .ifNoItem()
            .after(max)
            .recoverWithItem(false);
    return caller == null
        ? answer
        : answer.emitOn(command -> caller.runOnContext(nothing -> command.run()));
  }

  // A task of a scheduled executor that throws is never run again: renew, check and lapse catch
  // what they could throw.
  private void renew() {
    long sent = System.nanoTime();
    int others;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(RENEW)) {
      // An answer after the lease could not count any more.
      statement.setQueryTimeout((int) Math.max(1, config.lease().toSeconds()));
      statement.setString(1, replicaId);
      statement.setLong(2, config.lease().toMillis());
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        others = rows.getInt("others");
      }
    } catch (SQLException | RuntimeException failure) {
      if (!failing) {
        failing = true;
        LOG.warnf(
            "replica lease not renewed, trying every %s: %s",
            config.renewEvery(), failure.getClass().getName());
      }
      return;
    }
    if (failing) {
      failing = false;
      LOG.info("replica lease renewed again");
    }
    if (clock.renewed(sent, System.nanoTime(), others)) {
      lapse("a renewal came too late");
    }
  }

  private void check() {
    try {
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
    } catch (RuntimeException e) {
      LOG.error("replica lease check failed", e);
    }
  }

  private void lapse(String why) {
    lapses.increment();
    LOG.warnf("replica lease lapsed (%s): closing every connection", why);
    try {
      lapsed.fire(new LeaseLapsed());
    } catch (RuntimeException e) {
      LOG.error("closing the connections after a lapse failed", e);
    }
  }

  private static Thread thread(Runnable task) {
    Thread thread = new Thread(task, "replica-lease-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
