package io.switchboard.identity.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.identity.config.OutboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The producer of {@code identity.links}: acks from every in-sync replica, idempotent, so a record
 * acknowledged is a record kept, and a retried send is not a second record. A plain client because
 * the outbox needs tombstones (null values) and explicit acknowledgements.
 */
@ApplicationScoped
public class LinksProducer {
  private final Producer<String, byte[]> producer;

  public LinksProducer(
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
      OutboxConfig config) {
    Properties props = new Properties();
    props.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        config.bootstrapServers().orElse(bootstrapServers));
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "identity-service-outbox");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "12000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  public Producer<String, byte[]> producer() {
    return producer;
  }

  void close(@Observes ShutdownEvent event) {
    producer.close(Duration.ofSeconds(5));
  }
}
