package io.switchboard.bench;

import io.switchboard.devstack.DevstackOptions;
import io.switchboard.devstack.DevstackProcess;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.LocalJwt;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.routing.RoutingView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * identity-service at size: 100,000 people with 300,000 accounts loaded into a real PostgreSQL,
 * then (1) {@code GET /api/v1/resolve} under load from concurrent clients, and (2) the time to
 * rebuild the routing view from a compacted topic holding one route per account.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -q install -DskipTests}: {@code java -cp
 * "bench/target/bench.jar:bench/target/lib/*" io.switchboard.bench.IdentityBenchmark [people]
 * [seconds] [concurrency]}
 */
public final class IdentityBenchmark {
  private static final int ACCOUNTS_PER_PERSON = 3;
  private static final String[] PLATFORMS = {"messenger", "instagram", "whatsapp"};

  private IdentityBenchmark() {}

  public static void main(String[] args) throws Exception {
    int people = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    Path work = Path.of("bench", "target", "identity-bench");
    wipe(work);
    DevstackOptions options =
        new DevstackOptions(
            work.resolve("devstack"),
            0,
            0,
            0,
            true,
            Optional.empty(),
            Optional.empty(),
            Optional.of(catalogue(work)));
    LocalJwt jwt = LocalJwt.generate();
    try (DevstackProcess devstack = DevstackProcess.start(options);
        ServiceProcess identity = startIdentity(devstack.endpoints(), jwt, work)) {
      long loadStarted = System.nanoTime();
      load(devstack.endpoints(), people);
      System.out.printf(
          "loaded %d people, %d accounts in %.1f s%n",
          people, people * ACCOUNTS_PER_PERSON, seconds(loadStarted));
      resolveLoad(identity, jwt, people, Duration.ofSeconds(5), concurrency, false);
      resolveLoad(identity, jwt, people, Duration.ofSeconds(seconds), concurrency, true);
      rebuild(devstack.endpoints(), people * ACCOUNTS_PER_PERSON);
    }
  }

  private static ServiceProcess startIdentity(Endpoints endpoints, LocalJwt jwt, Path work) {
    Path key = jwt.writePublicKey(work.resolve("jwt-public-key.pem"));
    Map<String, String> env =
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers(),
            "QUARKUS_DATASOURCE_REACTIVE_URL", endpoints.reactiveUrl().orElseThrow(),
            "QUARKUS_DATASOURCE_JDBC_URL", endpoints.jdbcUrl().orElseThrow(),
            "QUARKUS_DATASOURCE_USERNAME", endpoints.databaseUsername(),
            "QUARKUS_DATASOURCE_PASSWORD", endpoints.databasePassword(),
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION", key.toAbsolutePath().toString(),
            "SWITCHBOARD_LINKING_CODE_PEPPER", "bench-pepper");
    ServiceProcess identity =
        ServiceProcess.start(
            "identity-service",
            Path.of("identity-service", "target", "quarkus-app", "quarkus-run.jar"),
            18084,
            env,
            work.resolve("identity-service.log"),
            List.of("-Xmx512m"));
    identity.awaitReady(Duration.ofSeconds(90));
    return identity;
  }

  /** Bulk-loads people and accounts in SQL: the service's own writes are not what is measured. */
  private static void load(Endpoints endpoints, int people) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(
                endpoints.jdbcUrl().orElseThrow(),
                endpoints.databaseUsername(),
                endpoints.databasePassword());
        Statement sql = connection.createStatement()) {
      sql.execute(
          "INSERT INTO person (id, created_at, updated_at, version, cross_app_enabled)"
              + " SELECT md5('p' || g)::uuid, now(), now(), 1, g % 2 = 0"
              + " FROM generate_series(1, "
              + people
              + ") g");
      sql.execute(
          "INSERT INTO account (id, person_id, platform, account_id, linked_at)"
              + " SELECT md5('a' || g)::uuid, md5('p' || ((g - 1) / 3 + 1))::uuid,"
              + " (ARRAY['messenger','instagram','whatsapp'])[(g - 1) % 3 + 1],"
              + " (10000000000 + g)::text, now()"
              + " FROM generate_series(1, "
              + people * ACCOUNTS_PER_PERSON
              + ") g");
      sql.execute(
          "INSERT INTO message_control (person_id, source_platform, known, unknown)"
              + " SELECT md5('p' || g)::uuid, 'instagram', 'inbox', 'requests'"
              + " FROM generate_series(1, "
              + people
              + ") g");
      sql.execute("ANALYZE");
    }
  }

  private static void resolveLoad(
      ServiceProcess identity,
      LocalJwt jwt,
      int people,
      Duration duration,
      int concurrency,
      boolean report)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String token = "Bearer " + jwt.service();
    Histogram latency = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(10), 3);
    AtomicLong errors = new AtomicLong();
    Semaphore inFlight = new Semaphore(concurrency);
    long end = System.nanoTime() + duration.toNanos();
    long started = System.nanoTime();
    long sent = 0;
    while (System.nanoTime() < end) {
      inFlight.acquire();
      int account = ThreadLocalRandom.current().nextInt(1, people * ACCOUNTS_PER_PERSON + 1);
      String platform = PLATFORMS[(account - 1) % 3];
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      identity.baseUrl()
                          + "/api/v1/resolve?platform="
                          + platform
                          + "&accountId="
                          + (10_000_000_000L + account)))
              .header("Authorization", token)
              .GET()
              .build();
      long t0 = System.nanoTime();
      sent++;
      client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, failure) -> {
                latency.recordValue(System.nanoTime() - t0);
                if (failure != null || response.statusCode() != 200) {
                  errors.incrementAndGet();
                }
                inFlight.release();
              });
    }
    inFlight.acquire(concurrency);
    double elapsed = seconds(started);
    if (report) {
      System.out.printf(
          "resolve: %d requests in %.1f s = %.0f req/s, concurrency %d, errors %d%n",
          sent, elapsed, sent / elapsed, concurrency, errors.get());
      System.out.printf(
          "resolve latency: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
          latency.getValueAtPercentile(50) / 1e6,
          latency.getValueAtPercentile(99) / 1e6,
          latency.getValueAtPercentile(99.9) / 1e6,
          latency.getMaxValue() / 1e6);
    }
  }

  /** Writes one route per account to a compacted topic, then times a rebuild from its start. */
  private static void rebuild(Endpoints endpoints, int accounts) throws Exception {
    String topic = "identity.links";
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    Instant now = Instant.now();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 1; i <= accounts; i++) {
        int person = (i - 1) / 3;
        List<AccountRef> routes =
            List.of(
                AccountRef.of(Platform.MESSENGER, String.valueOf(10_000_000_000L + person * 3 + 1)),
                AccountRef.of(Platform.INSTAGRAM, String.valueOf(10_000_000_000L + person * 3 + 2)),
                AccountRef.of(Platform.WHATSAPP, String.valueOf(10_000_000_000L + person * 3 + 3)));
        AccountRoute route =
            new AccountRoute(
                routes.get((i - 1) % 3),
                List.of(),
                "p" + person,
                routes,
                true,
                new AccountRoute.DeliveryPreference("all", null, null),
                List.of(new AccountRoute.MessageControl(Platform.INSTAGRAM, "inbox", "requests")),
                List.of(),
                List.of(),
                1,
                now);
        producer.send(
            MeshEventRecords.toRecord(
                topic, MeshEvent.of(EventIds.random(), MeshEvent.sourceOf("bench"), now, route)));
      }
      producer.flush();
    }
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers());
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    consumerProps.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
    long started = System.nanoTime();
    RoutingView view = new RoutingView();
    long records = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
          view.apply(record);
          records++;
        }
      }
    }
    System.out.printf(
        "rebuild: %d records into a view of %d accounts in %.1f s (%.0f records/s)%n",
        records, view.size(), seconds(started), records / seconds(started));
  }

  private static Path catalogue(Path work) throws Exception {
    Files.createDirectories(work);
    Path file = work.resolve("topics.json");
    try (var in =
        IdentityBenchmark.class
            .getClassLoader()
            .getResourceAsStream("META-INF/switchboard/topics.json")) {
      Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  private static void wipe(Path dir) throws java.io.IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
