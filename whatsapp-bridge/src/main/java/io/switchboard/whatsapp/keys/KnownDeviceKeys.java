package io.switchboard.whatsapp.keys;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.EventData;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import io.switchboard.whatsapp.inbound.WhatsappInboundConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This replica's view of the current device key ids, read from {@code identity.links}: every
 * partition from the beginning, without a consumer group and without committing (every replica
 * needs every account, and rebuilds the view on start), followed for as long as the service runs.
 * Sealed pushes are checked against it in memory, so the webhook never waits on identity-service.
 *
 * <p>{@link #ready()} turns true once the view has read up to the topic's end offsets taken when it
 * started, measured by the consumer's position, so compacted-away records and markers count as
 * read. After a connection failure the consumer resumes where it was; the view is kept meanwhile.
 * When {@code switchboard.whatsapp.inbound.sealed.check-device-keys} is off, nothing is read.
 */
@ApplicationScoped
public class KnownDeviceKeys implements DeviceKeyCheck {
  private static final Logger LOG = Logger.getLogger(KnownDeviceKeys.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final DeviceKeyIndex index = new DeviceKeyIndex();
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private final String bootstrapServers;
  private final boolean enabled;
  private volatile boolean caughtUp;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Map<TopicPartition, Long> startEnds;
  private Thread thread;

  public KnownDeviceKeys(
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      WhatsappInboundConfig config) {
    this.bootstrapServers = bootstrapServers;
    this.enabled = config.sealed().checkDeviceKeys();
  }

  void start(@Observes StartupEvent event) {
    if (!enabled) {
      LOG.info("device key ids of sealed pushes are not checked");
      return;
    }
    thread = new Thread(this::run, "whatsapp-device-keys");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    if (thread != null) {
      thread.join(5000);
    }
  }

  /** Whether the check is switched on at all. */
  public boolean enabled() {
    return enabled;
  }

  @Override
  public boolean ready() {
    return caughtUp;
  }

  @Override
  public boolean isCurrent(String keyId) {
    return index.isCurrent(keyId);
  }

  /** The key ids an account's current route names, as this replica knows them. */
  public List<String> keysOf(String accountKey) {
    return index.keysOf(accountKey);
  }

  public int accounts() {
    return index.accounts();
  }

  public int keys() {
    return index.keys();
  }

  private void run() {
    while (running) {
      try (KafkaConsumer<String, byte[]> kafka = newConsumer()) {
        consumer = kafka;
        follow(kafka);
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warnf("device keys consumer failed (%s), reconnecting", e.getClass().getSimpleName());
        sleepQuietly();
      } finally {
        consumer = null;
      }
    }
  }

  private void follow(KafkaConsumer<String, byte[]> kafka) {
    List<TopicPartition> partitions =
        kafka.partitionsFor(Topics.IDENTITY_LINKS, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    if (partitions.isEmpty()) {
      throw new IllegalStateException(Topics.IDENTITY_LINKS + " has no partitions");
    }
    kafka.assign(partitions);
    for (TopicPartition partition : partitions) {
      Long position = positions.get(partition);
      if (position == null) {
        kafka.seekToBeginning(List.of(partition));
      } else {
        kafka.seek(partition, position);
      }
    }
    if (startEnds == null) {
      startEnds = kafka.endOffsets(partitions);
    }
    while (running) {
      for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
        apply(record);
      }
      for (TopicPartition partition : partitions) {
        positions.put(partition, kafka.position(partition));
      }
      if (!caughtUp && reached()) {
        LOG.infof(
            "device keys view caught up with %s: %d accounts, %d keys",
            Topics.IDENTITY_LINKS, index.accounts(), index.keys());
        caughtUp = true;
      }
    }
  }

  private boolean reached() {
    return startEnds.entrySet().stream()
        .allMatch(end -> positions.getOrDefault(end.getKey(), 0L) >= end.getValue());
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    try {
      if (record.value() == null) {
        index.remove(record.key());
        return;
      }
      MeshEvent<EventData> event = MeshEventRecords.fromRecord(record);
      if (event.type() != EventType.IDENTITY_ROUTE) {
        throw new IllegalArgumentException("not a route: " + event.type());
      }
      index.apply((AccountRoute) event.data());
    } catch (RuntimeException e) {
      LOG.warnf(
          "ignored an invalid %s record at partition %d offset %d (%s)",
          record.topic(), record.partition(), record.offset(), e.getClass().getSimpleName());
    }
  }

  private KafkaConsumer<String, byte[]> newConsumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "whatsapp-bridge-device-keys-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
