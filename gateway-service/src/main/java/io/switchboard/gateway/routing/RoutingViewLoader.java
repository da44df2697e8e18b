package io.switchboard.gateway.routing;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.events.routing.RoutingView;
import io.switchboard.events.topics.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
 * Keeps the routing view of this replica: reads every partition of {@code identity.links} from the
 * beginning, without a consumer group (every replica needs every account), and follows it for as
 * long as the service runs. Routing reads the view in memory, so it never waits on identity-service
 * and keeps working while identity-service is down. {@link #caughtUp()} completes once the view
 * holds everything the topic held when the service started.
 */
@ApplicationScoped
public class RoutingViewLoader {
  private static final Logger LOG = Logger.getLogger(RoutingViewLoader.class);

  private final RoutingView view = new RoutingView();
  private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
  private final String bootstrapServers;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile boolean running = true;
  private Thread thread;

  public RoutingViewLoader(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
    this.bootstrapServers = bootstrap;
  }

  void start(@Observes StartupEvent event) {
    thread = new Thread(this::run, "routing-view-loader");
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

  public RoutingView view() {
    return view;
  }

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
        LOG.warnf("routing view consumer failed (%s), reconnecting", e.getClass().getSimpleName());
        sleepQuietly();
      }
    }
  }

  private void follow(KafkaConsumer<String, byte[]> kafka) {
    List<TopicPartition> partitions =
        kafka.partitionsFor(Topics.IDENTITY_LINKS, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    kafka.assign(partitions);
    kafka.seekToBeginning(partitions);
    Map<TopicPartition, Long> startEnds = kafka.endOffsets(partitions);
    while (running) {
      for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(500))) {
        apply(record);
      }
      if (!caughtUp.isDone() && reached(kafka, startEnds)) {
        LOG.infof("routing view caught up with identity.links: %d accounts", view.size());
        caughtUp.complete(null);
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    try {
      view.apply(record);
    } catch (RuntimeException e) {
      LOG.warnf(
          "ignored an invalid identity.links record at %s-%d@%d",
          record.topic(), record.partition(), record.offset());
    }
  }

  private static boolean reached(
      KafkaConsumer<String, byte[]> kafka, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> kafka.position(e.getKey()) >= e.getValue());
  }

  private KafkaConsumer<String, byte[]> newConsumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-routing-view-" + UUID.randomUUID());
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
