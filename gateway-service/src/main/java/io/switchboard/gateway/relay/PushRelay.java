package io.switchboard.gateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.events.EventCodec;
import io.switchboard.events.kafka.SwitchboardHeaders;
import io.switchboard.events.topics.Topics;
import io.switchboard.gateway.websocket.DeviceSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Gets frames to devices connected to any replica (broadcast and filter, docs/gateway.md "Several
 * replicas"). The replica that fans an event out pushes its frames to the devices connected to it
 * at once, and writes them to {@code gateway.pushes} with the fan-out's other records; every
 * replica reads every partition of that topic from its end, without a consumer group, and pushes
 * the frames of other replicas to the devices connected to it. A device that was not connected
 * anywhere, or whose replica missed a frame, finds the entry in the conversation log with {@code
 * sync}. A replica that holds the only live lease ({@link ReplicaLease}) writes no record: nobody
 * would read it.
 */
@ApplicationScoped
public class PushRelay {
  private static final Logger LOG = Logger.getLogger(PushRelay.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final String instance;
  private final byte[] instanceBytes;
  private final DeviceSessions sessions;
  private final ReplicaLease lease;
  private final String bootstrapServers;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Thread thread;

  public PushRelay(
      ReplicaId replicaId,
      DeviceSessions sessions,
      ReplicaLease lease,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    this.instance = replicaId.value();
    this.instanceBytes = instance.getBytes(StandardCharsets.UTF_8);
    this.sessions = sessions;
    this.lease = lease;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Pushes a frame to the persons' devices connected here now, and answers the record that takes it
   * to the other replicas, if another replica may hold one of their devices; the caller sends it
   * with the records of the same fan-out.
   */
  public Optional<ProducerRecord<String, byte[]>> push(
      String conversationId, String frame, Collection<String> personIds) {
    sessions.pushFrame(frame, personIds);
    if (!relaying()) {
      return Optional.empty();
    }
    ObjectNode value = EventCodec.mapper().createObjectNode();
    value.put("replica", instance);
    value.putPOJO("personIds", List.copyOf(personIds));
    value.put("frame", frame);
    RecordHeaders headers = new RecordHeaders();
    // The replica also as a header, so that it skips its own without parsing them.
    headers.add(SwitchboardHeaders.REPLICA, instanceBytes);
    return Optional.of(
        new ProducerRecord<>(
            Topics.GATEWAY_PUSHES,
            null,
            conversationId,
            value.toString().getBytes(StandardCharsets.UTF_8),
            headers));
  }

  /** Whether {@link #push} answers records now: another replica may hold one of the devices. */
  public boolean relaying() {
    return lease.othersMayListen();
  }

  void start(@Observes StartupEvent event) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-pushes-" + instance);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    thread = new Thread(this::follow, "gateway-push-relay");
    thread.setDaemon(true);
    thread.start();
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    KafkaConsumer<String, byte[]> running = consumer;
    if (running != null) {
      running.wakeup();
      thread.join(Duration.ofSeconds(5).toMillis());
    }
  }

  private void follow() {
    try (KafkaConsumer<String, byte[]> kafka = consumer) {
      assignAllFromTheEnd(kafka);
      while (true) {
        try {
          for (ConsumerRecord<String, byte[]> record : kafka.poll(POLL)) {
            try {
              relay(record);
            } catch (RuntimeException e) {
              LOG.warnf(
                  "push at %s-%d@%d not relayed: %s",
                  record.topic(), record.partition(), record.offset(), e.getClass().getName());
            }
          }
        } catch (KafkaException e) {
          if (e instanceof WakeupException) {
            throw e;
          }
          LOG.warnf("push relay: %s; retrying", e.getClass().getName());
          pause();
        }
      }
    } catch (WakeupException | InterruptedException stopping) {
      Thread.currentThread().interrupt();
    }
  }

  private static void assignAllFromTheEnd(KafkaConsumer<String, byte[]> kafka)
      throws InterruptedException {
    while (true) {
      try {
        List<TopicPartition> partitions = new ArrayList<>();
        kafka
            .partitionsFor(Topics.GATEWAY_PUSHES, Duration.ofSeconds(10))
            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        if (partitions.isEmpty()) {
          LOG.warnf("push relay: %s has no partitions yet", Topics.GATEWAY_PUSHES);
          pause();
          continue;
        }
        kafka.assign(partitions);
        kafka.seekToEnd(partitions);
        partitions.forEach(kafka::position);
        return;
      } catch (KafkaException e) {
        if (e instanceof WakeupException) {
          throw e;
        }
        LOG.warnf(
            "push relay cannot read %s yet: %s", Topics.GATEWAY_PUSHES, e.getClass().getName());
        pause();
      }
    }
  }

  private static void pause() throws InterruptedException {
    Thread.sleep(1000);
  }

  private void relay(ConsumerRecord<String, byte[]> record) {
    Header replica = record.headers().lastHeader(SwitchboardHeaders.REPLICA);
    if (replica != null && Arrays.equals(replica.value(), instanceBytes)) {
      return;
    }
    JsonNode value;
    try {
      value = EventCodec.mapper().readTree(record.value());
    } catch (IOException | RuntimeException e) {
      LOG.warnf(
          "unreadable record at %s-%d@%d skipped",
          record.topic(), record.partition(), record.offset());
      return;
    }
    if (value == null || instance.equals(value.path("replica").asText())) {
      return;
    }
    List<String> persons = new ArrayList<>();
    value.path("personIds").forEach(p -> persons.add(p.asText()));
    sessions.pushFrame(value.path("frame").asText(), persons);
  }
}
