package io.switchboard.bench;

import io.switchboard.devstack.DevstackProcess;
import io.switchboard.devstack.LocalJwt;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.ConversationChange;
import io.switchboard.events.data.ConversationChanged;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.topics.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Group fan-out: groups of 10, 100 and 1,000 persons, each member's Switchboard device connected to
 * the gateway. The group is created with a {@code conversation.changed} on {@code inbound.client},
 * then members' devices write {@code message.created} events into it at fixed rates (open loop),
 * rising until a step misses a delivery, falls behind or has a p99 of 100 ms or more. Each message
 * is one frame on every member's connection (the writer's own included): deliveries per second and
 * per-delivery latency. In the same run and with the same client, {@link RawBroadcastServer} gets
 * the same number of connections and the same frames (as large as the gateway's), so the ratio
 * gateway/raw can be read.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -q install -DskipTests}: {@code java -cp
 * "bench/target/bench.jar:bench/target/lib/*" io.switchboard.bench.GroupFanoutBenchmark [group
 * sizes] [deliveries per second, rising] [seconds per rate]} (lists comma-separated)
 */
public final class GroupFanoutBenchmark {
  private static final int RAW_PORT = 18090;
  private static final Duration DRAIN = Duration.ofSeconds(10);

  /** Enough messages to get every code path compiled, even in the largest group. */
  private static final int WARM_UP_MESSAGES_PER_SECOND = 20;

  private final Vertx vertx;
  private final MeshPublisher mesh;
  private final LocalJwt jwt;
  private final List<MeshPublisher.Person> persons;
  private final int[] ladder;
  private final int seconds;
  private final int warmup;
  private final ProcessHandle gatewayProcess;
  private final ProcessHandle rawProcess;
  private final MeshCpu others;
  private final AtomicReference<String> sample = new AtomicReference<>();
  private long next = 1;

  private GroupFanoutBenchmark(
      Vertx vertx,
      MeshPublisher mesh,
      List<MeshPublisher.Person> persons,
      LocalJwt jwt,
      int[] ladder,
      int seconds,
      int warmup,
      ProcessHandle gatewayProcess,
      ProcessHandle rawProcess,
      MeshCpu others) {
    this.vertx = vertx;
    this.mesh = mesh;
    this.persons = persons;
    this.jwt = jwt;
    this.ladder = ladder;
    this.seconds = seconds;
    this.warmup = warmup;
    this.gatewayProcess = gatewayProcess;
    this.rawProcess = rawProcess;
    this.others = others;
  }

  public static void main(String[] args) throws Exception {
    int[] sizes = ints(args.length > 0 ? args[0] : "10,100,1000");
    int[] ladder =
        ints(
            args.length > 1
                ? args[1]
                : "100,300,1000,3000,10000,20000,40000,60000,80000,100000,150000");
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    Path work = WebhookLoad.workDirectory("group-bench");
    int largest = Arrays.stream(sizes).max().orElseThrow();
    List<MeshPublisher.Person> persons = new ArrayList<>();
    for (int i = 0; i < largest; i++) {
      persons.add(MeshPublisher.Person.withDevice());
    }
    LocalJwt jwt = LocalJwt.generate();
    Process raw =
        GatewayLoad.startJvm(
            RawBroadcastServer.class,
            Stream.concat(Stream.of(GatewayLoad.HEAP), WebhookLoad.extraJvmOptions().stream())
                .toList(),
            List.of(String.valueOf(RAW_PORT)),
            ProcessBuilder.Redirect.to(work.resolve("raw-broadcast-server.log").toFile()));
    try (DevstackProcess devstack = WebhookLoad.startDevstack(work);
        MeshPublisher mesh = new MeshPublisher(devstack.endpoints().kafkaBootstrapServers())) {
      mesh.routes(persons, List.of());
      awaitHttp("http://127.0.0.1:" + RAW_PORT + "/");
      try (ServiceProcess gateway =
          GatewayLoad.startGateway(devstack.endpoints(), jwt, work, Map.of())) {
        Vertx vertx = Vertx.vertx();
        try {
          GroupFanoutBenchmark bench =
              new GroupFanoutBenchmark(
                  vertx,
                  mesh,
                  persons,
                  jwt,
                  ladder,
                  seconds,
                  warmup,
                  ProcessHandle.of(gateway.pid()).orElseThrow(),
                  raw.toHandle(),
                  new MeshCpu()
                      .process("Kafka", ProcessHandle.of(devstack.pid()).orElseThrow())
                      .tree("PostgreSQL", devstack.postgres())
                      .process("load generator", ProcessHandle.current()));
          List<String> summary = new ArrayList<>();
          for (int size : sizes) {
            Best viaGateway = bench.gateway(size);
            Best viaRaw = bench.raw(size);
            summary.add(
                String.format(
                    "group of %d: gateway %s, raw Vert.x %s deliveries/s, ratio %s (highest rate"
                        + " with every delivery and p99 < 100 ms)",
                    size, viaGateway, viaRaw, Best.ratio(viaGateway, viaRaw)));
          }
          summary.forEach(System.out::println);
        } finally {
          vertx.close().toCompletionStage().toCompletableFuture().join();
        }
      }
    } finally {
      GatewayLoad.stop(raw);
    }
  }

  /**
   * The deliveries per second of the highest rate that passed; {@code topOfLadder} when no rate
   * failed, so the ceiling lies above.
   */
  private record Best(double perSecond, boolean topOfLadder) {
    @Override
    public String toString() {
      return String.format("%s%.0f", topOfLadder ? ">= " : "", perSecond);
    }

    /** gateway/raw; only a bound when a server passed every rate, none when both did. */
    static String ratio(Best gateway, Best raw) {
      if (gateway.topOfLadder() && raw.topOfLadder()) {
        return "unknown (both passed every rate)";
      }
      double ratio = raw.perSecond() == 0 ? 0 : gateway.perSecond() / raw.perSecond();
      String bound = raw.topOfLadder() ? "at most " : gateway.topOfLadder() ? "at least " : "";
      return String.format("%s%.2f", bound, ratio);
    }
  }

  /** The group through the gateway. */
  private Best gateway(int size) throws Exception {
    List<MeshPublisher.Person> members = persons.subList(0, size);
    try (DeviceSockets sockets = new DeviceSockets(vertx, List.of("127.0.0.1"))) {
      int connected = connect(sockets, GatewayLoad.GATEWAY_PORT, "/ws/v1", size, "gateway");
      String group = "sb:group:" + UUID.randomUUID();
      AtomicLong created = new AtomicLong();
      sockets.onFrame(
          frame -> {
            if (frame.contains(group)) {
              created.incrementAndGet();
            }
          });
      Instant now = Instant.now();
      ConversationChanged change =
          new ConversationChanged(
              group,
              members.get(0).device(),
              ConversationChange.CREATED,
              members.stream().map(MeshPublisher.Person::personId).toList(),
              "bench group of " + size,
              null,
              now);
      mesh.publish(
              Topics.INBOUND_CLIENT,
              MeshEvent.of(EventIds.random(), MeshPublisher.SOURCE, now, change))
          .get(30, TimeUnit.SECONDS);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (created.get() < connected && System.nanoTime() < end) {
        Thread.sleep(50);
      }
      System.out.printf("gateway: group %s created, %d members told%n", group, created.get());
      return ladder(
          new Target(
              "gateway",
              size,
              connected,
              sockets,
              gatewayProcess,
              index -> {
                MeshPublisher.Person from = members.get((int) (index % size));
                Instant at = Instant.now();
                MessageCreated message =
                    new MessageCreated(
                        group,
                        "sb." + UUID.randomUUID(),
                        from.device(),
                        null,
                        PlainContent.text(Deliveries.text(index)),
                        null,
                        null,
                        null,
                        at,
                        at);
                mesh.publish(
                    Topics.INBOUND_CLIENT,
                    MeshEvent.of(EventIds.random(), MeshPublisher.SOURCE, at, message));
              }));
    }
  }

  /** The same through the raw broadcast server, with frames as large as the gateway's. */
  private Best raw(int size) throws Exception {
    try (DeviceSockets sockets = new DeviceSockets(vertx, List.of("127.0.0.1"))) {
      int connected = connect(sockets, RAW_PORT, "/ws", size, "raw");
      WebSocket trigger = sockets.connectOne("127.0.0.1", RAW_PORT, "/trigger");
      String template = sample.get() != null ? sample.get() : Deliveries.text(0);
      int at = template.indexOf("bench#") + "bench#".length();
      String prefix = template.substring(0, at);
      String suffix = template.substring(template.indexOf('#', at));
      System.out.printf("raw: frames of %d characters%n", template.length());
      return ladder(
          new Target(
              "raw",
              size,
              connected,
              sockets,
              rawProcess,
              index -> trigger.writeTextMessage(prefix + index + suffix)));
    }
  }

  private int connect(DeviceSockets sockets, int port, String path, int size, String label)
      throws InterruptedException {
    DeviceSockets.Opened opened = sockets.connect("127.0.0.1", port, path, devices(size), 64);
    System.out.printf(
        "%s: %d connections (failed %d%s)%n",
        label,
        opened.ok(),
        opened.failed(),
        opened.firstFailure() == null ? "" : ", first: " + opened.firstFailure());
    return opened.ok();
  }

  /**
   * The first {@code size} persons' devices, with tokens made now: a token is valid for 10 minutes,
   * and a run through several group sizes takes longer.
   */
  private List<DeviceSockets.Device> devices(int size) {
    return persons.subList(0, size).parallelStream()
        .map(p -> new DeviceSockets.Device(p.deviceId(), jwt.person(p.personId())))
        .toList();
  }

  /** Where one ladder sends: a server's connections of one group, and how to send message n. */
  private record Target(
      String label,
      int size,
      int connected,
      DeviceSockets sockets,
      ProcessHandle server,
      LongConsumer send) {}

  /**
   * After a warm-up (20 messages a second, or the first rate if higher), steps up the delivery
   * rates until one fails; answers the deliveries per second of the last one that passed (0 when
   * none did).
   */
  private Best ladder(Target target) throws Exception {
    step(
        target,
        Math.max(ladder[0], WARM_UP_MESSAGES_PER_SECOND * target.size()),
        warmup,
        "warm-up ");
    double best = 0;
    boolean failed = false;
    for (int rate : ladder) {
      double perSecond = step(target, rate, seconds, "");
      if (perSecond < 0) {
        failed = true;
        break;
      }
      best = perSecond;
    }
    System.out.printf(
        "%s, group of %d: connections closed by the server (code reason=count): %s%n",
        target.label(), target.size(), target.sockets().closedByServer());
    return new Best(best, !failed);
  }

  /** One rate of deliveries; answers the deliveries per second, or -1 when the step failed. */
  private double step(Target target, int rate, int stepSeconds, String kind) throws Exception {
    double messageRate = (double) rate / target.size();
    Deliveries deliveries = new Deliveries(next, (long) Math.ceil(messageRate * stepSeconds) + 1);
    AtomicLong stray = new AtomicLong();
    target
        .sockets()
        .onFrame(
            frame -> {
              if (deliveries.arrived(frame, System.nanoTime())) {
                sample.compareAndSet(null, frame);
              } else {
                stray.incrementAndGet();
              }
            });
    long cpuBefore = ProcessCpu.nanos(target.server());
    Map<String, Long> othersBefore = others.read();
    OpenLoop.Result sent =
        OpenLoop.run(
            next,
            messageRate,
            stepSeconds,
            (index, due) -> {
              deliveries.due(index, due);
              target.send().accept(index);
            });
    next += sent.sent() + 1;
    long expected = sent.sent() * target.connected();
    boolean all = deliveries.await(expected, DRAIN);
    long cpuNanos = ProcessCpu.nanos(target.server()) - cpuBefore;
    String othersPerDelivery = others.microsPer(othersBefore, deliveries.delivered());
    double perSecond = deliveries.perSecond(sent.seconds());
    boolean passed = all && deliveries.millis(99) < 100 && perSecond >= 0.95 * rate;
    System.out.printf(
        "%s, %sgroup of %d, %d deliveries/s (%.1f msg/s) for %d s: sent %d (late by up to %.1f"
            + " ms); deliveries %d of %d (%.0f/s)%s; %s; server CPU %.1f µs per delivery (%s)%s%n",
        target.label(),
        kind,
        target.size(),
        rate,
        messageRate,
        stepSeconds,
        sent.sent(),
        sent.maxLagMillis(),
        deliveries.delivered(),
        expected,
        perSecond,
        stray.get() == 0 ? "" : ", " + stray.get() + " frames of earlier steps",
        deliveries.percentiles(),
        deliveries.delivered() == 0 ? 0.0 : cpuNanos / 1000.0 / deliveries.delivered(),
        othersPerDelivery,
        passed ? "" : " (failed)");
    return passed ? perSecond : -1;
  }

  private static void awaitHttp(String url) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ServiceProcess.healthStatus(url) != 200) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException("nothing answers at " + url);
      }
      Thread.sleep(200);
    }
  }

  private static int[] ints(String list) {
    return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
