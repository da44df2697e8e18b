package io.switchboard.bench;

import io.switchboard.devstack.DevstackOptions;
import io.switchboard.devstack.DevstackProcess;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * [seconds] [concurrency]}
 */
public final class WebhookIngressBenchmark {
  private static final String SECRET = "bench-app-secret";

  private WebhookIngressBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
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
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String url = adapter.baseUrl() + "/webhooks/messenger";
      openLoop(client, url, rate, 5, concurrency, false);
      openLoop(client, url, rate, seconds, concurrency, true);
      closedLoop(client, url, seconds, concurrency);
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
      HttpClient client, String url, int rate, int seconds, int concurrency, boolean report)
      throws Exception {
    Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    Semaphore inFlight = new Semaphore(concurrency * 4);
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
        body = webhook();
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
      client
          .sendAsync(request(url, body, signature), HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, failure) -> {
                latency.recordValue(System.nanoTime() - scheduled);
                statuses
                    .computeIfAbsent(
                        failure == null ? response.statusCode() : -1, k -> new AtomicLong())
                    .incrementAndGet();
                inFlight.release();
              });
    }
    inFlight.acquire(concurrency * 4);
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (report) {
      System.out.printf(
          "open loop: %d webhooks (1 event each) at %d/s target, %.0f/s achieved; forged %d,"
              + " duplicates %d; statuses %s%n",
          total, rate, total / elapsed, forged, duplicates, statuses);
      System.out.printf(
          "latency of the answer: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
          latency.getValueAtPercentile(50) / 1e6,
          latency.getValueAtPercentile(99) / 1e6,
          latency.getValueAtPercentile(99.9) / 1e6,
          latency.getMaxValue() / 1e6);
    }
  }

  /** As fast as the adapter answers, with a fixed number in flight: the sustained ceiling. */
  private static void closedLoop(HttpClient client, String url, int seconds, int concurrency)
      throws Exception {
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong ok = new AtomicLong();
    AtomicLong other = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long start = System.nanoTime();
    while (System.nanoTime() < end) {
      inFlight.acquire();
      byte[] body = webhook();
      client
          .sendAsync(request(url, body, sign(body, SECRET)), HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, failure) -> {
                (failure == null && response.statusCode() == 200 ? ok : other).incrementAndGet();
                inFlight.release();
              });
    }
    inFlight.acquire(concurrency);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "closed loop: %.0f events/s sustained over %.0f s at concurrency %d (non-200: %d)%n",
        ok.get() / elapsed, elapsed, concurrency, other.get());
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

  private static HttpRequest request(String url, byte[] body, String signature) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", signature)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static byte[] webhook() {
    long user = ThreadLocalRandom.current().nextLong(1_000_000L, 1_100_000L);
    String mid = "m_" + UUID.randomUUID();
    long now = System.currentTimeMillis();
    return ("{\"object\":\"page\",\"entry\":[{\"id\":\"100000000000001\",\"time\":"
            + now
            + ",\"messaging\":[{\"sender\":{\"id\":\""
            + user
            + "\"},\"recipient\":{\"id\":\"100000000000001\"},\"timestamp\":"
            + now
            + ",\"message\":{\"mid\":\""
            + mid
            + "\",\"text\":\"A benchmark message of a typical length, about as long as people write.\"}}]}]}")
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
