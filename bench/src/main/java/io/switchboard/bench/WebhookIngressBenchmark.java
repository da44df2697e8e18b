package io.switchboard.bench;

import io.switchboard.devstack.DevstackProcess;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Webhook ingress of messenger-adapter with the broker on the same machine: (1) the latency of the
 * 200 at a fixed rate with 1% forged and 5% duplicate deliveries mixed in, (2) the highest rate
 * sustained by a closed loop, and (3) Kafka's own ProducerPerformance with the same record size, so
 * the ratio can be read.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -q install -DskipTests}: {@code java -cp
 * "bench/target/bench.jar:bench/target/lib/*" io.switchboard.bench.WebhookIngressBenchmark [rate]
 * [seconds] [concurrency] [events per batched webhook] [warm-up seconds]}
 */
public final class WebhookIngressBenchmark {
  private static final String SECRET = "bench-app-secret";

  private WebhookIngressBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 30;
    Path work = WebhookLoad.workDirectory("ingress-bench");
    try (DevstackProcess devstack = WebhookLoad.startDevstack(work);
        ServiceProcess adapter =
            WebhookLoad.startAdapter(
                "messenger-adapter", 18081, devstack.endpoints(), SECRET, work)) {
      Vertx vertx = Vertx.vertx();
      HttpClient client = WebhookLoad.client(vertx, concurrency);
      String url = adapter.baseUrl() + "/webhooks/messenger";
      try {
        // Warm up (JIT, connection pools, the dedupe table) before anything is measured.
        closedLoop(client, url, warmup, concurrency, 1, false);
        closedLoop(client, url, seconds, concurrency, 1, true);
        if (batch > 1) {
          closedLoop(client, url, seconds, concurrency, batch, true);
        }
        openLoop(client, url, rate, seconds, concurrency);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().join();
      }
      producerPerformance(devstack.endpoints());
    }
  }

  /** A fixed arrival rate, whatever the responses do: the latency a webhook sender sees. */
  private static void openLoop(
      HttpClient client, String url, int rate, int seconds, int concurrency) throws Exception {
    Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    Semaphore inFlight = new Semaphore(concurrency * 4);
    AtomicReference<String> firstFailure = new AtomicReference<>();
    List<byte[]> recent = new java.util.ArrayList<>();
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime();
    long total = (long) rate * seconds;
    long forged = 0;
    long duplicates = 0;
    for (long i = 0; i < total; i++) {
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      int dice = ThreadLocalRandom.current().nextInt(100);
      byte[] body;
      String signature;
      if (dice < 5 && !recent.isEmpty()) {
        body = recent.get(ThreadLocalRandom.current().nextInt(recent.size()));
        signature = WebhookLoad.sign(body, SECRET);
        duplicates++;
      } else {
        body = webhook(1);
        signature = dice == 99 ? WebhookLoad.sign(body, "forged") : WebhookLoad.sign(body, SECRET);
        forged += dice == 99 ? 1 : 0;
        if (recent.size() < 1000) {
          recent.add(body);
        } else {
          recent.set(ThreadLocalRandom.current().nextInt(1000), body);
        }
      }
      inFlight.acquire();
      // Latency from when the webhook was due, so a backlog in the sender counts too.
      long scheduled = due;
      WebhookLoad.post(client, url, body, signature)
          .whenComplete(
              (status, failure) -> {
                latency.recordValue(System.nanoTime() - scheduled);
                statuses
                    .computeIfAbsent(failure == null ? status : -1, k -> new AtomicLong())
                    .incrementAndGet();
                if (failure != null) {
                  firstFailure.compareAndSet(null, failure.toString());
                }
                inFlight.release();
              });
    }
    inFlight.acquire(concurrency * 4);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "open loop: %d webhooks (1 event each) at %d/s target, %.0f/s achieved; forged %d,"
            + " duplicates %d; statuses %s (-1: no answer%s)%n",
        total,
        rate,
        total / elapsed,
        forged,
        duplicates,
        statuses,
        firstFailure.get() == null ? "" : ", first: " + firstFailure.get());
    System.out.printf(
        "latency of the answer: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
        latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(99) / 1e6,
        latency.getValueAtPercentile(99.9) / 1e6,
        latency.getMaxValue() / 1e6);
  }

  /** As fast as the adapter answers, with a fixed number in flight: the sustained ceiling. */
  private static void closedLoop(
      HttpClient client, String url, int seconds, int concurrency, int batch, boolean report)
      throws Exception {
    WebhookLoad.Result result =
        WebhookLoad.closedLoop(
            client, url, seconds, concurrency, () -> WebhookLoad.signed(webhook(batch), SECRET));
    if (!report) {
      return;
    }
    System.out.printf(
        "closed loop: %.0f events/s sustained (%d per webhook) over %.0f s at concurrency %d"
            + " (non-200: %d)%n",
        result.okPerSecond() * batch, batch, result.elapsedSeconds(), concurrency, result.other());
  }

  /** Kafka's own producer benchmark, records of the size of one mesh event, acks=all. */
  private static void producerPerformance(Endpoints endpoints) throws Exception {
    String topic = "bench.producer-performance";
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get();
    }
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                DevstackProcess.classPath(),
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic",
                topic,
                "--num-records",
                "300000",
                "--record-size",
                "700",
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + endpoints.kafkaBootstrapServers(),
                "acks=all",
                "enable.idempotence=true",
                "linger.ms=1")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    String[] lines = output.strip().split("\n");
    System.out.println("kafka ProducerPerformance (700 B, acks=all): " + lines[lines.length - 1]);
  }

  /** A Messenger webhook with {@code events} text messages, as Meta batches them. */
  private static byte[] webhook(int events) {
    long now = System.currentTimeMillis();
    StringBuilder messaging = new StringBuilder();
    for (int i = 0; i < events; i++) {
      long user = ThreadLocalRandom.current().nextLong(1_000_000L, 1_100_000L);
      messaging
          .append(i == 0 ? "" : ",")
          .append("{\"sender\":{\"id\":\"")
          .append(user)
          .append("\"},\"recipient\":{\"id\":\"100000000000001\"},\"timestamp\":")
          .append(now)
          .append(",\"message\":{\"mid\":\"m_")
          .append(UUID.randomUUID())
          .append(
              "\",\"text\":\"A benchmark message of a typical length, about as long as people"
                  + " write.\"}}");
    }
    return ("{\"object\":\"page\",\"entry\":[{\"id\":\"100000000000001\",\"time\":"
            + now
            + ",\"messaging\":["
            + messaging
            + "]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
