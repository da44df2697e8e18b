package io.switchboard.whatsapp.keys;

import static org.awaitility.Awaitility.await;

import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.TestProducer;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Device keys for tests: publishes {@code switchboard.identity.route.v1} records to the devstack's
 * {@code identity.links}, as identity-service's outbox does, and waits until the bridge's {@link
 * KnownDeviceKeys} has them. Versions only grow, also across runs against the same broker.
 */
public final class DeviceKeyRoutes {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final URI SOURCE = MeshEvent.sourceOf("identity-service");
  private static final AtomicLong VERSION = new AtomicLong(System.currentTimeMillis() * 1000);
  private static KafkaProducer<String, byte[]> producer;

  private DeviceKeyRoutes() {}

  /**
   * Makes sure the bridge knows every key id, publishing a route of a fresh account that names them
   * all when one is missing, and waits until the view has caught up and holds them.
   */
  public static void ensureKnown(KnownDeviceKeys keys, String... keyIds) {
    awaitReady(keys);
    if (Arrays.stream(keyIds).allMatch(keys::isCurrent)) {
      return;
    }
    publish(account("test-keys-" + UUID.randomUUID()), List.of(keyIds));
    awaitCurrent(keys, keyIds);
  }

  /** A WhatsApp account of a test. */
  public static AccountRef account(String accountId) {
    return new AccountRef(Platform.WHATSAPP, accountId);
  }

  /** Publishes the account's route naming {@code keyIds} as its person's current keys. */
  public static void publish(AccountRef account, List<String> keyIds) {
    AccountRoute route =
        new AccountRoute(
            account,
            List.of(),
            UUID.nameUUIDFromBytes(AccountRoute.keyOf(account).getBytes(StandardCharsets.UTF_8))
                .toString(),
            List.of(account),
            true,
            new AccountRoute.DeliveryPreference("all", null, null),
            List.of(),
            List.of(),
            keyIds,
            VERSION.incrementAndGet(),
            Instant.now());
    send(
        MeshEventRecords.toRecord(
            Topics.IDENTITY_LINKS, MeshEvent.of(EventIds.random(), SOURCE, Instant.now(), route)));
  }

  /** Publishes a tombstone: the account is unlinked. */
  public static void tombstone(AccountRef account) {
    send(new ProducerRecord<>(Topics.IDENTITY_LINKS, AccountRoute.keyOf(account), null));
  }

  public static void awaitReady(KnownDeviceKeys keys) {
    await("the device keys view catches up").atMost(WAIT).until(keys::ready);
  }

  public static void awaitCurrent(KnownDeviceKeys keys, String... keyIds) {
    await("the bridge knows " + Arrays.toString(keyIds))
        .atMost(WAIT)
        .until(() -> Arrays.stream(keyIds).allMatch(keys::isCurrent));
  }

  public static void awaitGone(KnownDeviceKeys keys, String... keyIds) {
    await("the bridge forgets " + Arrays.toString(keyIds))
        .atMost(WAIT)
        .until(() -> Arrays.stream(keyIds).noneMatch(keys::isCurrent));
  }

  private static synchronized void send(ProducerRecord<String, byte[]> record) {
    if (producer == null) {
      producer = TestProducer.open(SharedDevstack.endpoints().kafkaBootstrapServers());
    }
    try {
      producer.send(record).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("identity.links did not take the record", e);
    }
  }
}
