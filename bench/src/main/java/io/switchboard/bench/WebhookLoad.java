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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the webhook ingress benchmarks share: a devstack (real Kafka and PostgreSQL), a packaged
 * adapter started against it, Vert.x's HTTP client posting signed webhooks, and the closed loop.
 */
final class WebhookLoad {
  /** The verify token every benchmarked adapter is started with; nothing here verifies. */
  private static final String VERIFY_TOKEN = "bench";

  private WebhookLoad() {}

  /** A webhook body and its {@code X-Hub-Signature-256} header. */
  record Signed(byte[] body, String signature) {}

  /**
   * What one closed loop did.
   *
   * @param ok webhooks answered 200
   * @param other webhooks answered otherwise or not at all
   * @param elapsedSeconds from the first post to the last answer
   * @param latency from each post to its whole answer, in nanoseconds
   * @param exhausted whether the loop ended because the webhooks ran out before its time was up
   */
  record Result(long ok, long other, double elapsedSeconds, Histogram latency, boolean exhausted) {
    /** Webhooks answered 200 per second. */
    double okPerSecond() {
      return ok / elapsedSeconds;
    }

    /** A percentile of the latency, in milliseconds. */
    double latencyMillis(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6;
    }
  }

  /** A work directory under bench/target, holding the topic catalogue the devstack creates. */
  static Path workDirectory(String name) throws IOException {
    Path work = Path.of("bench", "target", name);
    Files.createDirectories(work);
    return work;
  }

  /** Starts a devstack with the mesh's topics; its data lives in a fresh directory under work. */
  static DevstackProcess startDevstack(Path work) throws IOException {
    Path topics = work.resolve("topics.json");
    try (InputStream in =
        WebhookLoad.class
            .getClassLoader()
            .getResourceAsStream("META-INF/switchboard/topics.json")) {
      Files.copy(in, topics, StandardCopyOption.REPLACE_EXISTING);
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
    // Kafka as its own start script runs it, not compiled for a quick start as in tests.
    return DevstackProcess.start(options, DevstackProcess.KAFKA_DEFAULT_JVM);
  }

  /**
   * Starts a packaged adapter module ({@code <module>/target/quarkus-app/quarkus-run.jar}) against
   * the devstack with the given webhook app secret, and waits until it is ready.
   */
  static ServiceProcess startAdapter(
      String module, int port, Endpoints endpoints, String secret, Path work) {
    Map<String, String> env =
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers(),
            "SWITCHBOARD_WEBHOOK_APP_SECRET", secret,
            "SWITCHBOARD_WEBHOOK_VERIFY_TOKEN", VERIFY_TOKEN,
            "QUARKUS_DATASOURCE_REACTIVE_URL", endpoints.reactiveUrl().orElseThrow(),
            "QUARKUS_DATASOURCE_JDBC_URL", endpoints.jdbcUrl().orElseThrow(),
            "QUARKUS_DATASOURCE_USERNAME", endpoints.databaseUsername(),
            "QUARKUS_DATASOURCE_PASSWORD", endpoints.databasePassword());
    ServiceProcess adapter =
        ServiceProcess.start(
            module,
            Path.of(module, "target", "quarkus-app", "quarkus-run.jar"),
            port,
            env,
            work.resolve(module + ".log"),
            jvmOptions(module, work, "-Xmx512m"));
    adapter.awaitReady(Duration.ofSeconds(90));
    return adapter;
  }

  /**
   * A service's JVM options: its heap, the options of {@code -Dbench.jvm.options} (space-separated,
   * {@code -XX:+UseParallelGC} say), and with {@code -Dbench.jfr=true} a Java Flight Recording into
   * the work directory ({@code <module>.jfr}).
   */
  static List<String> jvmOptions(String module, Path work, String heap) {
    List<String> jvm = new ArrayList<>(List.of(heap));
    jvm.addAll(extraJvmOptions());
    if (Boolean.getBoolean("bench.jfr")) {
      jvm.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + work.resolve(module + ".jfr").toAbsolutePath());
    }
    return jvm;
  }

  /**
   * The JVM options of {@code -Dbench.jvm.options} (space-separated), for every server measured.
   */
  static List<String> extraJvmOptions() {
    String more = System.getProperty("bench.jvm.options", "").trim();
    return more.isEmpty() ? List.of() : List.of(more.split("\\s+"));
  }

  /**
   * Vert.x's client, keep-alive, with room for a few times the concurrency: the load generator
   * shares the two cores, so it must cost little.
   */
  static HttpClient client(Vertx vertx, int concurrency) {
    return vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(concurrency * 4));
  }

  /** Posts one signed webhook; completes with the status once the whole answer was read. */
  static CompletionStage<Integer> post(
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

  /** {@code sha256=<hex>} of HMAC-SHA256 of the body under the secret, as Meta signs webhooks. */
  static String sign(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A body signed with the secret. */
  static Signed signed(byte[] body, String secret) {
    return new Signed(body, sign(body, secret));
  }

  /**
   * As fast as the adapter answers, with a fixed number in flight: the sustained ceiling. Runs for
   * the given seconds, or until the webhooks supplier returns {@code null}.
   */
  static Result closedLoop(
      HttpClient client, String url, int seconds, int concurrency, Supplier<Signed> webhooks)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong ok = new AtomicLong();
    AtomicLong other = new AtomicLong();
    Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(30), 3);
    boolean exhausted = false;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long start = System.nanoTime();
    while (System.nanoTime() < end) {
      inFlight.acquire();
      Signed webhook = webhooks.get();
      if (webhook == null) {
        inFlight.release();
        exhausted = true;
        break;
      }
      long sent = System.nanoTime();
      post(client, url, webhook.body(), webhook.signature())
          .whenComplete(
              (status, failure) -> {
                latency.recordValue(
                    Math.min(System.nanoTime() - sent, latency.getHighestTrackableValue()));
                (failure == null && status == 200 ? ok : other).incrementAndGet();
                inFlight.release();
              });
    }
    inFlight.acquire(concurrency);
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Result(ok.get(), other.get(), elapsed, latency, exhausted);
  }
}
