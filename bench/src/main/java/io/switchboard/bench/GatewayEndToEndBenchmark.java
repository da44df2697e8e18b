package io.switchboard.bench;

import io.switchboard.devstack.DevstackProcess;
import io.switchboard.devstack.LocalJwt;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute.MessageControl;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One-to-one end to end through the whole path: a signed Messenger webhook into messenger-adapter,
 * {@code inbound.messenger}, the gateway's fan-out and conversation log, and a {@code message}
 * frame on the WebSocket of the recipient's Switchboard device. Persons each have a Messenger
 * account and a device, linked (cross-app on, Messenger messages to the inbox), with the device
 * connected; unlinked Messenger accounts write to them. Open loop at fixed rates, rising until the
 * mesh no longer keeps up; latency from when each webhook was due to its frame's arrival.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -q install -DskipTests}: {@code java -cp
 * "bench/target/bench.jar:bench/target/lib/*" io.switchboard.bench.GatewayEndToEndBenchmark
 * [persons] [rates, comma-separated] [seconds per rate] [warm-up seconds]}
 */
public final class GatewayEndToEndBenchmark {
  private static final String SECRET = "bench-app-secret";
  private static final int SENDERS_PER_PERSON = 4;
  private static final long SENDER_IDS = 9_000_000_000L;
  private static final long RECIPIENT_IDS = 5_000_000_000L;
  private static final int IN_FLIGHT = 512;
  private static final Duration DRAIN = Duration.ofSeconds(10);
  private static final Duration REPORT_ROUND = Duration.ofMillis(500);

  private final List<MeshPublisher.Person> persons;
  private final HttpClient http;
  private final String url;
  private final DeviceSockets sockets;
  private final MeshCpu cpu;
  private final ReceiptWatch receipts;
  private long next = 1;

  private GatewayEndToEndBenchmark(
      List<MeshPublisher.Person> persons,
      HttpClient http,
      String url,
      DeviceSockets sockets,
      MeshCpu cpu,
      ReceiptWatch receipts) {
    this.persons = persons;
    this.http = http;
    this.url = url;
    this.sockets = sockets;
    this.cpu = cpu;
    this.receipts = receipts;
  }

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int[] rates =
        Arrays.stream((args.length > 1 ? args[1] : "500,1000,2000,3000,4000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    Path work = WebhookLoad.workDirectory("gateway-e2e-bench");
    List<MeshPublisher.Person> persons = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      persons.add(
          MeshPublisher.Person.withDevice(
              AccountRef.of(Platform.MESSENGER, String.valueOf(RECIPIENT_IDS + i))));
    }
    LocalJwt jwt = LocalJwt.generate();
    try (DevstackProcess devstack = WebhookLoad.startDevstack(work)) {
      try (MeshPublisher mesh = new MeshPublisher(devstack.endpoints().kafkaBootstrapServers())) {
        mesh.routes(persons, List.of(new MessageControl(Platform.MESSENGER, "inbox", "inbox")));
      }
      try (ServiceProcess adapter =
              WebhookLoad.startAdapter(
                  "messenger-adapter", 18081, devstack.endpoints(), SECRET, work);
          ServiceProcess gateway =
              GatewayLoad.startGateway(devstack.endpoints(), jwt, work, Map.of())) {
        Vertx vertx = Vertx.vertx();
        ReceiptWatch receipts = null;
        try (DeviceSockets sockets = new DeviceSockets(vertx, List.of("127.0.0.1"))) {
          List<DeviceSockets.Device> devices =
              persons.stream()
                  .map(p -> new DeviceSockets.Device(p.deviceId(), jwt.person(p.personId())))
                  .toList();
          DeviceSockets.Opened opened =
              sockets.connect("127.0.0.1", gateway.port(), "/ws/v1", devices, 64);
          System.out.printf(
              "%d persons, devices connected: %d (failed %d%s)%n",
              count,
              opened.ok(),
              opened.failed(),
              opened.firstFailure() == null ? "" : ", first: " + opened.firstFailure());
          if (Boolean.getBoolean("bench.delivered")) {
            sockets.reportDelivered(vertx, REPORT_ROUND);
            receipts = new ReceiptWatch(devstack.endpoints().kafkaBootstrapServers());
            System.out.println("devices report delivered messages every 500 ms");
          }
          GatewayEndToEndBenchmark bench =
              new GatewayEndToEndBenchmark(
                  persons,
                  WebhookLoad.client(vertx, IN_FLIGHT / 4),
                  adapter.baseUrl() + "/webhooks/messenger",
                  sockets,
                  new MeshCpu()
                      .process("messenger-adapter", ProcessHandle.of(adapter.pid()).orElseThrow())
                      .process("gateway", ProcessHandle.of(gateway.pid()).orElseThrow())
                      .process("Kafka", ProcessHandle.of(devstack.pid()).orElseThrow())
                      .tree("PostgreSQL", devstack.postgres())
                      .process("load generator", ProcessHandle.current()),
                  receipts);
          bench.step("warm-up", rates[0], warmup);
          int kept = 0;
          int fast = 0;
          for (int rate : rates) {
            Step step = bench.step("rate", rate, seconds);
            if (!step.keptUp()) {
              break;
            }
            kept = rate;
            fast = step.p99Millis() < 100 ? rate : fast;
          }
          System.out.printf(
              "sustained: %d msg/s kept up (all delivered, >= 95%% of the rate, p99 < 1 s);"
                  + " %d msg/s with p99 < 100 ms; connections closed by the gateway (code reason=count): %s%n",
              kept, fast, sockets.closedByServer());
          if (Boolean.getBoolean("bench.delivered")) {
            System.out.printf(
                "error frames while reporting delivered: %d%n", sockets.refusedReports());
          }
        } finally {
          if (receipts != null) {
            receipts.close();
          }
          vertx.close().toCompletionStage().toCompletableFuture().join();
        }
      }
    }
  }

  /** What one rate did. */
  private record Step(boolean keptUp, double p99Millis) {}

  private Step step(String label, int rate, int seconds) throws Exception {
    Deliveries deliveries = new Deliveries(next, (long) rate * seconds);
    Map<String, Long> cpuBefore = cpu.read();
    AtomicLong ok = new AtomicLong();
    AtomicLong other = new AtomicLong();
    AtomicLong stray = new AtomicLong();
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    sockets.onFrame(
        frame -> {
          // A message of an earlier step (answers to delivered frames carry no message number).
          if (!deliveries.arrived(frame, System.nanoTime()) && Deliveries.index(frame) >= 0) {
            stray.incrementAndGet();
          }
        });
    OpenLoop.Result sent =
        OpenLoop.run(
            next,
            rate,
            seconds,
            (index, due) -> {
              int conversation = (int) (index % ((long) persons.size() * SENDERS_PER_PERSON));
              MeshPublisher.Person to = persons.get(conversation % persons.size());
              byte[] body =
                  webhook(
                      String.valueOf(SENDER_IDS + conversation),
                      to.apps().get(0).accountId(),
                      Deliveries.text(index));
              deliveries.due(index, due);
              inFlight.acquire();
              WebhookLoad.post(http, url, body, WebhookLoad.sign(body, SECRET))
                  .whenComplete(
                      (status, failure) -> {
                        (failure == null && status == 200 ? ok : other).incrementAndGet();
                        inFlight.release();
                      });
            });
    next += sent.sent();
    inFlight.acquire(IN_FLIGHT);
    inFlight.release(IN_FLIGHT);
    boolean all = deliveries.await(ok.get(), DRAIN);
    String cpuPerMessage = cpu.millisPer(cpuBefore, ok.get());
    long receiptsBehind = receiptsBehind();
    double perSecond = deliveries.perSecond(sent.seconds());
    boolean keptUp =
        all
            && other.get() == 0
            && sent.rate() >= 0.95 * rate
            && perSecond >= 0.95 * rate
            && deliveries.millis(99) < 1000
            && receiptsBehind <= 0;
    System.out.printf(
        "%s %d msg/s for %d s: sent %d at %.0f/s (sender late by up to %.1f ms), webhooks 200: %d,"
            + " other: %d; frames %d (%.0f/s)%s; %s;%s CPU per message: %s%s%n",
        label,
        rate,
        seconds,
        sent.sent(),
        sent.rate(),
        sent.maxLagMillis(),
        ok.get(),
        other.get(),
        deliveries.delivered(),
        perSecond,
        stray.get() == 0 ? "" : ", " + stray.get() + " of earlier steps",
        deliveries.percentiles(),
        receiptsBehind < 0
            ? ""
            : " delivered receipts not on delivery.status "
                + DRAIN.toSeconds()
                + " s later: "
                + receiptsBehind
                + ";",
        cpuPerMessage,
        keptUp ? "" : " (not kept up)");
    return new Step(keptUp, deliveries.millis(99));
  }

  /**
   * The message ids devices reported as delivered (up to a report round after the last frame) that
   * no receipt on delivery.status moved within {@link #DRAIN}; -1 when devices do not report.
   */
  private long receiptsBehind() throws InterruptedException {
    if (receipts == null) {
      return -1;
    }
    Thread.sleep(REPORT_ROUND.toMillis());
    long reported = sockets.reportedIds();
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (receipts.delivered() < reported && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return Math.max(0, reported - receipts.delivered());
  }

  /** A Messenger webhook: one text message from an app user to the account it was written to. */
  private static byte[] webhook(String sender, String recipient, String text) {
    long now = System.currentTimeMillis();
    return ("{\"object\":\"page\",\"entry\":[{\"id\":\""
            + recipient
            + "\",\"time\":"
            + now
            + ",\"messaging\":[{\"sender\":{\"id\":\""
            + sender
            + "\"},\"recipient\":{\"id\":\""
            + recipient
            + "\"},\"timestamp\":"
            + now
            + ",\"message\":{\"mid\":\"m_"
            + UUID.randomUUID()
            + "\",\"text\":\""
            + text
            + "\"}}]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
