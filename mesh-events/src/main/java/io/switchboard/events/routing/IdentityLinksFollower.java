package io.switchboard.events.routing;

import io.switchboard.events.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows {@code identity.links} for a view every replica holds in full (the gateway's routing
 * view, the bridge's device keys): every partition from the beginning, without a consumer group and
 * without committing, on a thread of its own for as long as the service runs. Each record goes to
 * the view's {@code apply}; a record it cannot apply is logged by position and skipped.
 *
 * <p>{@link #caughtUp()} completes once the consumer's position reached the topic's end offsets
 * taken when it started, so compacted-away records and markers count as read. After a connection
 * failure it reconnects and resumes where it was; the view is kept meanwhile.
 */
public final class IdentityLinksFollower {
  private static final System.Logger LOG = System.getLogger(IdentityLinksFollower.class.getName());
  private static final Duration POLL = Duration.ofMillis(200);

  private final String bootstrapServers;
  private final String name;
  private final Consumer<ConsumerRecord<String, byte[]>> apply;
  private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private Map<TopicPartition, Long> startEnds;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  /**
   * @param name names the thread and the consumer's client id
   * @param apply applies one record (a tombstone has a null value) to the view
   */
  public IdentityLinksFollower(
      String bootstrapServers, String name, Consumer<ConsumerRecord<String, byte[]>> apply) {
    this.bootstrapServers = bootstrapServers;
    this.name = name;
    this.apply = apply;
  }

  /** Starts following on a daemon thread. */
  public void start() {
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops following and waits up to 5 s for the thread. */
  public void stop() throws InterruptedException {
    running = false;
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    if (thread != null) {
      thread.join(5000);
    }
  }

  /** Completes once the view holds everything the topic held at start. */
  public CompletableFuture<Void> caughtUp() {
    return caughtUp;
  }

  public boolean isCaughtUp() {
    return caughtUp.isDone();
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
        LOG.log(
            System.Logger.Level.WARNING,
            "{0}: consumer of {1} failed ({2}), reconnecting",
            name,
            Topics.IDENTITY_LINKS,
            e.getClass().getSimpleName());
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
        applyQuietly(record);
      }
      for (TopicPartition partition : partitions) {
        positions.put(partition, kafka.position(partition));
      }
      if (!caughtUp.isDone() && reached()) {
        LOG.log(System.Logger.Level.INFO, "{0}: caught up with {1}", name, Topics.IDENTITY_LINKS);
        caughtUp.complete(null);
      }
    }
  }

  private boolean reached() {
    return startEnds.entrySet().stream()
        .allMatch(end -> positions.getOrDefault(end.getKey(), 0L) >= end.getValue());
  }

  private void applyQuietly(ConsumerRecord<String, byte[]> record) {
    try {
      apply.accept(record);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "{0}: ignored an invalid {1} record at partition {2} offset {3} ({4})",
          name,
          record.topic(),
          record.partition(),
          record.offset(),
          e.getClass().getSimpleName());
    }
  }

  private KafkaConsumer<String, byte[]> newConsumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-" + UUID.randomUUID());
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
