package io.switchboard.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.gateway.config.GatewayConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class ReplicaLeaseTest {
  @Inject ReplicaLease replicaLease;
  @Inject Pool pool;
  @Inject GatewayConfig config;
  @Inject MeterRegistry metrics;
  @Inject Vertx vertx;
  @Inject Event<LeaseLapsed> lapsed;

  @Inject
  @DataSource("lease")
  AgroalDataSource leaseDataSource;

  @ConfigProperty(name = "quarkus.datasource.reactive.max-size")
  int poolSize;

  @Test
  void aQueueInTheGatewaysPoolLongerThanALeaseDoesNotLapseIt() throws Exception {
    Duration lease = config.relay().lease();
    long sleep = lease.toMillis() * 6 / 10;
    double lapsesBefore = lapsesOnceValid();
    long start = System.nanoTime();

    // every connection of the pool busy, and as many statements waiting behind them: a statement
    // queued after them, as a renewal through this pool would be, waits longer than a lease
    List<CompletableFuture<?>> statements = new ArrayList<>();
    for (int i = 0; i < 2 * poolSize; i++) {
      statements.add(
          pool.query("SELECT pg_sleep(" + sleep / 1000.0 + ")")
              .execute()
              .subscribeAsCompletionStage());
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(statements.toArray(CompletableFuture[]::new));
    assertValidUntil(all, "the pool is queued");
    all.get(30, TimeUnit.SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(lease);
    assertThat(lapses()).isEqualTo(lapsesBefore);
  }

  @Test
  void eventLoopsBusyForMostOfALeaseDoNotLapseIt() throws Exception {
    Duration lease = config.relay().lease();
    long busy = lease.toMillis() * 8 / 10;
    double lapsesBefore = lapsesOnceValid();

    // every event loop held at once, as a backlog of frames under load holds them: an answer to a
    // renewal handled on one of them would count only after the hold, too late to join the last
    List<CompletableFuture<Void>> held = new ArrayList<>();
    for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      loop.execute(
          () -> {
            try {
              Thread.sleep(busy);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            done.complete(null);
          });
      held.add(done);
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(held.toArray(CompletableFuture[]::new));
    assertValidUntil(all, "the event loops are busy");
    // a renewal held until now would be counted now: give it time to arrive
    Thread.sleep(config.relay().renewEvery().toMillis() * 2);

    assertThat(replicaLease.valid()).isTrue();
    assertThat(lapses()).isEqualTo(lapsesBefore);
  }

  @Test
  void aLostLeaseConnectionIsReplacedAtTheNextRenewal() {
    await().atMost(Duration.ofSeconds(10)).until(replicaLease::valid);
    int killed = leaseBackend();

    // as a database restart or a failover ends it
    pool.preparedQuery("SELECT pg_terminate_backend($1)")
        .execute(Tuple.of(killed))
        .await()
        .atMost(Duration.ofSeconds(10));

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> leaseBackend() != 0 && leaseBackend() != killed);
    // valid a lease from now: by a renewal sent after the kill, the ones before it have run out
    Duration lease = config.relay().lease();
    await().pollDelay(lease).atMost(lease.plusSeconds(10)).until(replicaLease::valid);
  }

  /** The backend of the lease's connection, or 0 while it has none. */
  private int leaseBackend() {
    RowIterator<Row> rows =
        pool.query(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'gateway-lease'"
                    + " AND datname = current_database()")
            .execute()
            .await()
            .atMost(Duration.ofSeconds(10))
            .iterator();
    return rows.hasNext() ? rows.next().getInteger("pid") : 0;
  }

  @Test
  void aCallerWaitingForValidityIsAnsweredOnItsOwnEventLoop() throws Exception {
    // a second lease, as a replica starting beside this one holds it
    ReplicaId starting = new ReplicaId();
    ReplicaLease lease =
        new ReplicaLease(starting, leaseDataSource, config, lapsed, new SimpleMeterRegistry());
    Context context = vertx.getOrCreateContext();
    CompletableFuture<String> loop = new CompletableFuture<>();
    CompletableFuture<Boolean> valid = new CompletableFuture<>();
    CompletableFuture<String> answeredOn = new CompletableFuture<>();
    context.runOnContext(
        nothing -> {
          loop.complete(Thread.currentThread().getName());
          lease
              .awaitValid(Duration.ofSeconds(10))
              .subscribe()
              .with(
                  answer -> {
                    answeredOn.complete(Thread.currentThread().getName());
                    valid.complete(answer);
                  });
        });
    assertThat(loop.get(10, TimeUnit.SECONDS)).startsWith("vert.x-eventloop");
    lease.start(null);
    try {
      // signalled by the lease's own thread, answered on the caller's event loop
      assertThat(valid.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(answeredOn.get()).isEqualTo(loop.get());
    } finally {
      lease.stop(null);
      OtherReplica.release(pool, replicaLease, starting.value());
    }
  }

  private void assertValidUntil(CompletableFuture<?> done, String during)
      throws InterruptedException {
    while (!done.isDone()) {
      assertThat(replicaLease.valid()).as("the lease while " + during).isTrue();
      Thread.sleep(50);
    }
  }

  /** Waits until the lease is valid; the lapses counted so far. */
  private double lapsesOnceValid() {
    await().atMost(Duration.ofSeconds(10)).until(replicaLease::valid);
    return lapses();
  }

  private double lapses() {
    return metrics.counter("switchboard.gateway.relay.lease.lapses").count();
  }
}
