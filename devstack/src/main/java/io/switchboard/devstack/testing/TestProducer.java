package io.switchboard.devstack.testing;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The plain Kafka producer tests write records with, as the services' producers do: string keys,
 * byte values (a record's value is built by the test, event data or not), {@code acks=all}, so a
 * send whose future completed is on the broker for every consumer. {@link TopicProbe} reads.
 */
public final class TestProducer {
  private TestProducer() {}

  /** A producer to the broker at {@code bootstrapServers}; the caller closes it. */
  public static KafkaProducer<String, byte[]> open(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }
}
