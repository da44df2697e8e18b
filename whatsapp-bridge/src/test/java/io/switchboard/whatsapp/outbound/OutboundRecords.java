package io.switchboard.whatsapp.outbound;

import static org.awaitility.Awaitility.await;

import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.TestProducer;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.AccountRef;
import io.switchboard.events.ConversationIds;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.Content;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the outbound tests share: a plain Kafka producer writing to {@code outbound.whatsapp} as the
 * gateway would, probes of the topics the bridge writes, and the events of one test conversation.
 */
abstract class OutboundRecords {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final String PHONE_NUMBER_ID = "106540352242922";
  static final String TOKEN = "test-whatsapp-access-token";
  static final String TOPIC = Topics.OUTBOUND_WHATSAPP;
  static final String DLQ = Topics.dlqOf(Topics.OUTBOUND_WHATSAPP);

  private static KafkaProducer<String, byte[]> producer;

  @BeforeAll
  static void producer() {
    producer = TestProducer.open(SharedDevstack.endpoints().kafkaBootstrapServers());
  }

  @AfterAll
  static void closeProducer() {
    producer.close(Duration.ofSeconds(5));
  }

  /** A wa_id no other test uses, so scripts and recorded calls never mix. */
  static String freshUser() {
    return "49" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
  }

  static String conversation(String user) {
    return ConversationIds.direct(Platform.WHATSAPP, PHONE_NUMBER_ID, user);
  }

  /** A message from the business phone number to {@code user}, as the gateway writes it. */
  static MeshEvent<MessageCreated> message(String user, Content content, String replyTo) {
    Instant now = Instant.now();
    MessageCreated created =
        new MessageCreated(
            conversation(user),
            "mesh-" + UUID.randomUUID(),
            AccountRef.of(Platform.WHATSAPP, PHONE_NUMBER_ID),
            AccountRef.of(Platform.WHATSAPP, user),
            content,
            replyTo,
            null,
            null,
            now,
            now);
    return event(created);
  }

  static <T extends EventData> MeshEvent<T> event(T data) {
    Instant now = Instant.now();
    return MeshEvent.of(EventIds.random(), MeshEvent.sourceOf("gateway-service"), now, data);
  }

  static ProducerRecord<String, byte[]> write(MeshEvent<? extends EventData> event)
      throws Exception {
    ProducerRecord<String, byte[]> record = MeshEventRecords.toRecord(TOPIC, event);
    producer.send(record).get();
    return record;
  }

  /** A record that is not a mesh event: no CloudEvent headers, whatever bytes. */
  static void writeRaw(String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(TOPIC, null, key, value, new RecordHeaders())).get();
  }

  static Probe probe(String topic) {
    return new Probe(TopicProbe.fromNow(SharedDevstack.endpoints().kafkaBootstrapServers(), topic));
  }

  /**
   * A topic read from now on, keeping what it read: other tests may write to the same topic, and
   * one test may wait for several keys in turn.
   */
  static final class Probe implements AutoCloseable {
    private final TopicProbe probe;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    Probe(TopicProbe probe) {
      this.probe = probe;
    }

    /** Waits for the first record with {@code key}. */
    ConsumerRecord<String, byte[]> recordFor(String key) {
      await()
          .atMost(WAIT)
          .until(
              () -> {
                seen.addAll(probe.drain(Duration.ofMillis(100)));
                return seen.stream().anyMatch(r -> key.equals(r.key()));
              });
      return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    Receipt receiptFor(String conversationId) {
      return (Receipt) MeshEventRecords.fromRecord(recordFor(conversationId)).data();
    }

    /** Everything that arrives during {@code window}; for proving that nothing was written. */
    List<ConsumerRecord<String, byte[]>> drain(Duration window) {
      return probe.drain(window);
    }

    @Override
    public void close() {
      probe.close();
    }
  }

  /** Waits until {@code count} calls about {@code key} reached the stand-in. */
  static List<CloudApiStandIn.Call> awaitCalls(String key, int count) {
    await().atMost(WAIT).until(() -> CloudApiStandIn.callsTo(key).size() >= count);
    return CloudApiStandIn.callsTo(key);
  }

  static String header(ConsumerRecord<String, byte[]> record, String name) {
    return MeshEventRecords.header(record.headers(), name);
  }
}
