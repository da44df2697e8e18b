package io.switchboard.gateway.fanout;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's one producer: the fan-out's outbound, delivery.status, gateway.pushes and
 * dead-letter records, and the client writes of its WebSocket (inbound.client, typing); acks from
 * every in-sync replica, idempotent. {@link #sendAll} completes only when Kafka acknowledged every
 * record, which is what lets the fan-out acknowledge its inbound record and a device be told its
 * write was taken.
 */
@ApplicationScoped
public class MeshProducer {
  private final Producer<String, byte[]> producer;

  public MeshProducer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-service");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "12000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Sends the records; the result completes when all are acknowledged, or fails with the first. */
  public Uni<Void> sendAll(List<ProducerRecord<String, byte[]>> records) {
    return hand(records).chain(acknowledged -> acknowledged);
  }

  /**
   * Hands the records to the producer, in their order: the outer result completes once every record
   * is in the producer's buffer (so records handed later go after them on each partition), the
   * inner one when Kafka acknowledged all of them, or fails with the first failure.
   */
  public Uni<Uni<Void>> hand(List<ProducerRecord<String, byte[]>> records) {
    if (records.isEmpty()) {
      return Uni.createFrom().item(Uni.createFrom().voidItem());
    }
    // KafkaProducer.send may block (metadata of a topic it has not sent to yet, a full buffer, a
    // broker away) for up to max.block.ms: never on a Vert.x event loop.
    return Uni.createFrom()
        .item(() -> send(records))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  private Uni<Void> send(List<ProducerRecord<String, byte[]>> records) {
    CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
    for (int i = 0; i < records.size(); i++) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      acks[i] = ack;
      try {
        producer.send(
            records.get(i),
            (metadata, error) -> {
              if (error != null) {
                ack.completeExceptionally(error);
              } else {
                ack.complete(null);
              }
            });
      } catch (RuntimeException e) {
        ack.completeExceptionally(e);
      }
    }
    return Uni.createFrom().completionStage(CompletableFuture.allOf(acks));
  }

  void close(@Observes ShutdownEvent event) {
    producer.close(Duration.ofSeconds(5));
  }
}
