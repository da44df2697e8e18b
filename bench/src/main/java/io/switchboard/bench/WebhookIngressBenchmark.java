package io.switchboard.bench;

import io.switchboard.devstack.DevstackOptions;
import io.switchboard.devstack.DevstackProcess;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
    Path work = Path.of("bench", "target", "ingress-bench");
    Files.createDirectories(work);
    Path topics = work.resolve("topics.json");
    try (var in =
        WebhookIngressBenchmark.class
            .getClassLoader()
            .getResourceAsStream("META-INF/switchboard/topics.json")) {
      Files.copy(in, topics, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    DevstackOptions options =
        new DevstackOptions(
            work.resolve("devstack-" + UUID.randomUUID()),
            0,
            0,
            0,
            true,
            Optional.empty(),
            Optional.empty(),
            Optional.of(topics));
    try (DevstackProcess devstack = DevstackProcess.start(options);
        ServiceProcess adapter = startAdapter(devstack.endpoints(), work)) {
      // Vert.x's client: the load generator shares the two cores, so it must cost little.
      Vertx vertx = Vertx.vertx();
      HttpClient client =
          vertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true),
              new PoolOptions().setHttp1MaxSize(concurrency * 4));
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

  private static ServiceProcess startAdapter(Endpoints endpoints, Path work) {
    Map<String, String> env =
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers(),
            "SWITCHBOARD_WEBHOOK_APP_SECRET", SECRET,
            "SWITCHBOARD_WEBHOOK_VERIFY_TOKEN", "bench",
            "QUARKUS_DATASOURCE_REACTIVE_URL", endpoints.reactiveUrl().orElseThrow(),
            "QUARKUS_DATASOURCE_JDBC_URL", endpoints.jdbcUrl().orElseThrow(),
            "QUARKUS_DATASOURCE_USERNAME", endpoints.databaseUsername(),
            "QUARKUS_DATASOURCE_PASSWORD", endpoints.databasePassword());
    ServiceProcess adapter =
        ServiceProcess.start(
            "messenger-adapter",
            Path.of("messenger-adapter", "target", "quarkus-app", "quarkus-run.jar"),
            18081,
            env,
            work.resolve("messenger-adapter.log"),
            List.of("-Xmx512m"));
    adapter.awaitReady(java.time.Duration.ofSeconds(90));
    return adapter;
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
        signature = sign(body, SECRET);
        duplicates++;
      } else {
        body = webhook(1);
        signature = dice == 99 ? sign(body, "forged") : sign(body, SECRET);
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
      post(client, url, body, signature)
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
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong ok = new AtomicLong();
    AtomicLong other = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long start = System.nanoTime();
    while (System.nanoTime() < end) {
      inFlight.acquire();
      byte[] body = webhook(batch);
      post(client, url, body, sign(body, SECRET))
          .whenComplete(
              (status, failure) -> {
                (failure == null && status == 200 ? ok : other).incrementAndGet();
                inFlight.release();
              });
    }
    inFlight.acquire(concurrency);
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (!report) {
      return;
    }
    System.out.printf(
        "closed loop: %.0f events/s sustained (%d per webhook) over %.0f s at concurrency %d"
            + " (non-200: %d)%n",
        ok.get() * batch / elapsed, batch, elapsed, concurrency, other.get());
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

  /** Posts one signed webhook; completes with the status once the whole answer was read. */
  private static CompletionStage<Integer> post(
      HttpClient client, String url, byte[] body, String signature) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url)
            .putHeader("Content-Type", "application/json")
            .putHeader("X-Hub-Signature-256", signature);
    return client
        .request(options)
        .compose(request -> request.send(Buffer.buffer(body)))
        .compose(response -> response.body().map(answer -> response.statusCode()))
        .toCompletionStage();
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

  private static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
