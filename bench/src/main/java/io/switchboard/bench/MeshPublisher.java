package io.switchboard.bench;

import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.AccountRoute.MessageControl;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes what identity-service and the gateway's client writes would write, straight to the broker:
 * the routes of benchmark persons on {@code identity.links}, and client events on {@code
 * inbound.client}. The gateway under test only ever sees Kafka records.
 */
final class MeshPublisher implements AutoCloseable {
  static final URI SOURCE = MeshEvent.sourceOf("bench");

  private final KafkaProducer<String, byte[]> producer;

  MeshPublisher(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * A person of the benchmark: one Switchboard device, and the app accounts linked to it.
   *
   * @param personId the person
   * @param device the person's Switchboard device
   * @param apps the person's app accounts besides the device
   */
  record Person(String personId, AccountRef device, List<AccountRef> apps) {
    /** A new person with a new device and the given app accounts. */
    static Person withDevice(AccountRef... apps) {
      return new Person(
          UUID.randomUUID().toString(),
          AccountRef.of(Platform.SWITCHBOARD, UUID.randomUUID().toString()),
          List.of(apps));
    }

    String deviceId() {
      return device.accountId();
    }

    List<AccountRef> accounts() {
      List<AccountRef> all = new ArrayList<>(apps);
      all.add(device);
      return all;
    }
  }

  /**
   * Publishes one route per account of every person (cross-app on, delivery to all apps, the given
   * message controls) and waits until the broker has them all.
   */
  void routes(List<Person> persons, List<MessageControl> controls) throws Exception {
    Instant now = Instant.now();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (Person person : persons) {
      for (AccountRef account : person.accounts()) {
        AccountRoute route =
            new AccountRoute(
                account,
                List.of(),
                person.personId(),
                person.accounts(),
                true,
                new AccountRoute.DeliveryPreference("all", null, null),
                controls,
                List.of(),
                List.of(),
                1,
                now);
        sent.add(
            producer.send(
                MeshEventRecords.toRecord(
                    Topics.IDENTITY_LINKS, MeshEvent.of(EventIds.random(), SOURCE, now, route))));
      }
    }
    producer.flush();
    for (Future<RecordMetadata> ack : sent) {
      ack.get(30, TimeUnit.SECONDS);
    }
  }

  /** Sends an event without waiting; the broker's answer comes back through the future. */
  Future<RecordMetadata> publish(String topic, MeshEvent<?> event) {
    return producer.send(MeshEventRecords.toRecord(topic, event));
  }

  @Override
  public void close() {
    producer.close();
  }
}
