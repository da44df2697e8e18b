package io.switchboard.bench;

import io.switchboard.devstack.DevstackProcess;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.sealed.DevicePrivateKey;
import io.switchboard.events.sealed.DevicePublicKey;
import io.switchboard.events.sealed.SealedMessages;
import io.switchboard.events.topics.Topics;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Webhook ingress of whatsapp-bridge with the broker and PostgreSQL on the same machine, after a
 * warm-up: the rate a closed loop sustains and the latency of its answers, for plain Cloud API text
 * webhooks and for sealed pushes of the same message sealed for two recipient devices (the sealed
 * dialect of docs/whatsapp.md, one HPKE envelope per device).
 *
 * <p>Every sealed message has its own wamid (the bridge dedupes by it, and the envelopes are sealed
 * for it), so they are sealed before the run, while the devstack starts, and the load generator's
 * time goes to HTTP; the plain webhooks are built and signed beforehand too, so both phases cost
 * the generator the same. A phase ends early, and says so, if its pre-built webhooks run out.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -q install -DskipTests}: {@code java -cp
 * "bench/target/bench.jar:bench/target/lib/*" io.switchboard.bench.WhatsappIngressBenchmark
 * [seconds per phase] [concurrency] [warm-up seconds] [webhooks pre-built per kind]}
 */
public final class WhatsappIngressBenchmark {
  private static final String SECRET = "bench-whatsapp-app-secret";
  private static final String WABA_ID = "102290129340398";
  private static final String PHONE_NUMBER_ID = "106540352242922";
  private static final String TEXT =
      "A benchmark message of a typical length, about as long as people write.";
  private static final int DEVICES = 2;
  private static final String SENDER_KEY = "dk_bench_sender_phone";
  private static final String RECIPIENT_KEY = "dk_bench_recipient_";

  private WhatsappIngressBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int count = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;

    // Built on every core while the devstack and the bridge start; nothing is measured yet.
    long sealStart = System.nanoTime();
    CompletableFuture<List<WebhookLoad.Signed>> sealedPool =
        CompletableFuture.supplyAsync(() -> sealedWebhooks(count));
    CompletableFuture<List<WebhookLoad.Signed>> plainPool =
        sealedPool.thenApply(
            afterSealing ->
                IntStream.range(0, count)
                    .parallel()
                    .mapToObj(i -> WebhookLoad.signed(plainWebhook(), SECRET))
                    .toList());

    Path work = WebhookLoad.workDirectory("whatsapp-ingress-bench");
    try (DevstackProcess devstack = WebhookLoad.startDevstack(work);
        ServiceProcess bridge = startBridge(devstack, work)) {
      List<WebhookLoad.Signed> sealed = sealedPool.join();
      System.out.printf(
          "pre-sealed %d messages for %d devices each in %.1f s (a webhook is %d bytes; plain"
              + " %d bytes)%n",
          sealed.size(),
          DEVICES,
          (System.nanoTime() - sealStart) / 1e9,
          sealed.get(0).body().length,
          plainPool.join().get(0).body().length);
      Supplier<WebhookLoad.Signed> plain = pool(plainPool.join());
      Supplier<WebhookLoad.Signed> sealedSupply = pool(sealed);

      Vertx vertx = Vertx.vertx();
      HttpClient client = WebhookLoad.client(vertx, concurrency);
      String url = bridge.baseUrl() + "/webhooks/whatsapp";
      try {
        // Warm up both paths (JIT, connection pools, the dedupe table) before anything counts.
        warnIfRefused(
            "plain", WebhookLoad.closedLoop(client, url, warmup - warmup / 2, concurrency, plain));
        warnIfRefused(
            "sealed", WebhookLoad.closedLoop(client, url, warmup / 2, concurrency, sealedSupply));
        report("plain text", WebhookLoad.closedLoop(client, url, seconds, concurrency, plain));
        report(
            "sealed, " + DEVICES + " devices",
            WebhookLoad.closedLoop(client, url, seconds, concurrency, sealedSupply));
        System.out.printf("at concurrency %d, after %d s of warm-up%n", concurrency, warmup);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().join();
      }
    }
  }

  /**
   * The bridge refuses sealed pushes naming device keys no one registered, so the bench's keys are
   * published on {@code identity.links} first, as identity-service would, and the bridge reads them
   * before it is ready.
   */
  private static ServiceProcess startBridge(DevstackProcess devstack, Path work) throws Exception {
    List<String> keyIds = new java.util.ArrayList<>(List.of(SENDER_KEY));
    IntStream.range(0, DEVICES).forEach(i -> keyIds.add(RECIPIENT_KEY + i));
    publishRoute(devstack.endpoints().kafkaBootstrapServers(), keyIds);
    return WebhookLoad.startAdapter("whatsapp-bridge", 18083, devstack.endpoints(), SECRET, work);
  }

  private static void publishRoute(String bootstrapServers, List<String> keyIds) throws Exception {
    AccountRef device = AccountRef.of(Platform.SWITCHBOARD, "bench-device");
    AccountRoute route =
        new AccountRoute(
            device,
            List.of(),
            UUID.randomUUID().toString(),
            List.of(device),
            true,
            new AccountRoute.DeliveryPreference("all", null, null),
            List.of(),
            List.of(),
            keyIds,
            System.currentTimeMillis(),
            Instant.now());
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      MeshEvent<AccountRoute> event =
          MeshEvent.of(
              EventIds.random(), MeshEvent.sourceOf("identity-service"), Instant.now(), route);
      producer
          .send(MeshEventRecords.toRecord(Topics.IDENTITY_LINKS, event))
          .get(30, TimeUnit.SECONDS);
    }
  }

  /** A warm-up that was not answered 200 measures nothing that follows; say so at once. */
  private static void warnIfRefused(String what, WebhookLoad.Result warmup) {
    if (warmup.other() > 0) {
      System.out.printf(
          "warning: %d of %d %s warm-up webhooks were not answered 200 (see the bridge's log)%n",
          warmup.other(), warmup.ok() + warmup.other(), what);
    }
  }

  private static void report(String what, WebhookLoad.Result result) {
    System.out.printf(
        "%-18s %6.0f events/s over %.1f s (non-200: %d%s); latency p50 %.2f ms, p90 %.2f ms,"
            + " p99 %.2f ms, p99.9 %.2f ms, max %.2f ms%n",
        what + ":",
        result.okPerSecond(),
        result.elapsedSeconds(),
        result.other(),
        result.exhausted() ? ", ran out of pre-built webhooks" : "",
        result.latencyMillis(50),
        result.latencyMillis(90),
        result.latencyMillis(99),
        result.latencyMillis(99.9),
        result.latency().getMaxValue() / 1e6);
  }

  /** Hands out the pool's webhooks once each, then {@code null}; called by one thread. */
  private static Supplier<WebhookLoad.Signed> pool(List<WebhookLoad.Signed> webhooks) {
    int[] next = {0};
    return () -> next[0] < webhooks.size() ? webhooks.get(next[0]++) : null;
  }

  /** Signed sealed pushes, each a fresh wamid sealed from one sender device to two devices. */
  private static List<WebhookLoad.Signed> sealedWebhooks(int count) {
    SecureRandom random = new SecureRandom();
    DevicePrivateKey sender = DevicePrivateKey.generate(SENDER_KEY, random);
    List<DevicePublicKey> recipients =
        IntStream.range(0, DEVICES)
            .mapToObj(i -> DevicePrivateKey.generate(RECIPIENT_KEY + i, random))
            .map(DevicePrivateKey::toPublicKey)
            .toList();
    byte[] plaintext = TEXT.getBytes(StandardCharsets.UTF_8);
    ThreadLocal<SealedMessages> sealers = ThreadLocal.withInitial(SealedMessages::new);
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(
            i -> {
              String wamid = wamid();
              SealedContent content = sealers.get().seal(wamid, sender, recipients, plaintext);
              return WebhookLoad.signed(sealedWebhook(wamid, content), SECRET);
            })
        .toList();
  }

  private static String wamid() {
    return "wamid.bench-" + UUID.randomUUID();
  }

  /** A Cloud API text message webhook from a random user, as in the bridge's test fixtures. */
  private static byte[] plainWebhook() {
    return cloudApiWebhook(
        "\"id\":\"%s\",\"type\":\"text\",\"text\":{\"body\":\"%s\"}".formatted(wamid(), TEXT));
  }

  /** A sealed push of the sealed dialect (docs/whatsapp.md), envelopes as sealed. */
  private static byte[] sealedWebhook(String wamid, SealedContent content) {
    StringBuilder envelopes = new StringBuilder();
    for (SealedEnvelope envelope : content.envelopes()) {
      envelopes
          .append(envelopes.isEmpty() ? "" : ",")
          .append("{\"recipient_device_key_id\":\"")
          .append(envelope.recipientDeviceKeyId())
          .append("\",\"enc\":\"")
          .append(envelope.encapsulatedKey())
          .append("\",\"ciphertext\":\"")
          .append(envelope.ciphertext())
          .append("\"}");
    }
    return cloudApiWebhook(
        ("\"id\":\"%s\",\"type\":\"sealed\",\"sealed\":{\"algorithm\":\"%s\","
                + "\"sender_device_key_id\":\"%s\",\"envelopes\":[%s]}")
            .formatted(wamid, content.algorithm(), content.senderDeviceKeyId(), envelopes));
  }

  /** The Cloud API envelope around one message from a random user; message holds its own fields. */
  private static byte[] cloudApiWebhook(String message) {
    long user = ThreadLocalRandom.current().nextLong(16_505_000_000L, 16_505_100_000L);
    long now = System.currentTimeMillis() / 1000;
    String json =
        ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"%s\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"%s\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Bench User\"},\"wa_id\":\"%d\"}],"
                + "\"messages\":[{\"from\":\"%d\",\"timestamp\":\"%d\",%s}]}}]}]}")
            .formatted(WABA_ID, PHONE_NUMBER_ID, user, user, now, message);
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
