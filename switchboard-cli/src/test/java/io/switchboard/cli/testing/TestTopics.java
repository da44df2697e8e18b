package io.switchboard.cli.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Fresh topics on the devstack, records written to them and everything read back. */
public final class TestTopics {
  private static KafkaProducer<byte[], byte[]> producer;

  private TestTopics() {}

  /** A new topic with a name no other test uses. */
  public static String create(String prefix, int partitions) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    createNamed(name, partitions);
    return name;
  }

  public static void createNamed(String name, int partitions) {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    } catch (Exception e) {
      throw new AssertionError("cannot create " + name, e);
    }
  }

  public static Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaCli.bootstrap());
    return Admin.create(props);
  }

  /** Sends and waits for Kafka's acknowledgement. */
  public static void send(ProducerRecord<byte[], byte[]> record) {
    try {
      producer().send(record).get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("Kafka did not take a record for " + record.topic(), e);
    }
  }

  /** Every record of the topic now, in partition then offset order. */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaCli.bootstrap());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
              .toList();
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
      for (TopicPartition partition : partitions) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        while (consumer.position(partition) < end.get(partition)) {
          consumer.poll(Duration.ofMillis(200)).forEach(all::add);
        }
      }
      return all;
    }
  }

  private static synchronized KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaCli.bootstrap());
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }
    return producer;
  }
}
