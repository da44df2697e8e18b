package io.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.testing.DevstackExtension;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.EncodedEvent;
import io.switchboard.events.kafka.EncodedEventSerializer;
import io.switchboard.events.kafka.MeshEventDeserializer;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.kafka.MeshEventSerializer;
import io.switchboard.events.topics.TopicCatalogue;
import io.switchboard.events.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every event type through the devstack's real broker: CloudEvent headers, key and JSON data only
 * exist there. Plain clients, configured like the services' channels (acks=all, idempotence).
 */
@ExtendWith(DevstackExtension.class)
class EventRoundTripThroughKafkaTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String SOURCE = "/switchboard/mesh-events-test";
  private static final List<String> TOPICS =
      List.of(
          Topics.INBOUND_CLIENT,
          Topics.TYPING,
          Topics.DELIVERY_STATUS,
          Topics.INBOUND_WHATSAPP,
          Topics.IDENTITY_LINKS);

  private static KafkaProducer<String, byte[]> producer;
  private static KafkaConsumer<String, byte[]> consumer;
  private static final Map<String, ConsumerRecord<String, byte[]>> seenById = new HashMap<>();
  private static String bootstrapServers;

  @BeforeAll
  static void connect(Endpoints endpoints) {
    bootstrapServers = endpoints.kafkaBootstrapServers();
    producer =
        new KafkaProducer<>(
            producerConfig(ByteArraySerializer.class.getName()),
            new StringSerializer(),
            new ByteArraySerializer());
    consumer =
        new KafkaConsumer<>(
            consumerConfig(ByteArrayDeserializer.class.getName()),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.assign(partitionsOf(TOPICS));
  }

  @AfterAll
  static void disconnect() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (consumer != null) {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyEventTypeRoundTripsWithItsCloudEventHeaders(EventType type) throws Exception {
    MeshEvent<?> sent = eventOf(EventExamples.primary(type).data());
    String topic = topicFor(type);
    assertThat(TopicCatalogue.get().require(topic).events()).contains(type.ceType());

    ConsumerRecord<String, byte[]> received = produceAndConsume(topic, sent);

    assertThat(received.topic()).isEqualTo(topic);
    assertThat(received.key()).isEqualTo(sent.data().key());
    assertCloudEventHeaders(received.headers(), sent);
    assertThat(MeshEventRecords.fromRecord(received)).isEqualTo(sent);
  }

  @Test
  void sealedContentCrossesTheBrokerByteForByte() throws Exception {
    MeshEvent<?> sent =
        eventOf(EventExamples.load("switchboard.message.created.v1.sealed.json").data());

    ConsumerRecord<String, byte[]> received = produceAndConsume(Topics.INBOUND_WHATSAPP, sent);

    MeshEvent<EventData> read = MeshEventRecords.fromRecord(received);
    assertThat(read).isEqualTo(sent);
    SealedContent content = (SealedContent) ((MessageCreated) read.data()).content();
    assertThat(content.envelopes().get(0).ciphertext())
        .isEqualTo("3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZ");
  }

  @Test
  void meshEventSerdeConfiguredOnClientsRoundTripsAnEvent() throws Exception {
    MeshEvent<?> sent =
        eventOf(EventExamples.load("switchboard.message.created.v1.sealed.json").data());

    ConsumerRecord<String, MeshEvent<EventData>> received =
        throughSerdes(MeshEventSerializer.class, sent.key(), sent, sent.id());

    assertThat(received.value()).isEqualTo(sent);
    assertThat(received.key()).isEqualTo(sent.data().key());
    assertCloudEventHeaders(received.headers(), sent);
    assertThat(received.topic()).isEqualTo(Topics.INBOUND_WHATSAPP);
  }

  @Test
  void encodedEventsSentAsTheyAreReadBackAsTheEventsTheyEncode() throws Exception {
    @SuppressWarnings("unchecked")
    MeshEvent<EventData> sent =
        (MeshEvent<EventData>)
            eventOf(EventExamples.load("switchboard.message.created.v1.sealed.json").data());
    EncodedEvent encoded = EncodedEvent.of(sent);

    ConsumerRecord<String, MeshEvent<EventData>> received =
        throughSerdes(EncodedEventSerializer.class, encoded.key(), encoded, sent.id());

    assertThat(received.value()).isEqualTo(sent);
    assertThat(received.key()).isEqualTo(sent.data().key());
    assertCloudEventHeaders(received.headers(), sent);
  }

  /**
   * Sends {@code value} to {@code inbound.whatsapp} with clients configured like a service's
   * channel ({@code serializer} as the value serializer) and reads back the event {@code eventId}
   * with the {@link MeshEventDeserializer}.
   */
  private static <V> ConsumerRecord<String, MeshEvent<EventData>> throughSerdes(
      Class<?> serializer, String key, V value, String eventId) throws Exception {
    try (KafkaProducer<String, V> serdeProducer =
            new KafkaProducer<>(producerConfig(serializer.getName()));
        KafkaConsumer<String, MeshEvent<EventData>> serdeConsumer =
            new KafkaConsumer<>(consumerConfig(MeshEventDeserializer.class.getName()))) {
      serdeConsumer.assign(partitionsOf(List.of(Topics.INBOUND_WHATSAPP)));
      serdeProducer
          .send(new ProducerRecord<>(Topics.INBOUND_WHATSAPP, key, value))
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

      Map<String, ConsumerRecord<String, MeshEvent<EventData>>> seen = new HashMap<>();
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                serdeConsumer
                    .poll(Duration.ofMillis(200))
                    .forEach(r -> seen.put(r.value().id(), r));
                return seen.containsKey(eventId);
              });
      return seen.get(eventId);
    }
  }

  /** Where the services publish each type; the catalogue must agree. */
  private static String topicFor(EventType type) {
    return switch (type) {
      case TYPING -> Topics.TYPING;
      case RECEIPT -> Topics.DELIVERY_STATUS;
      case IDENTITY_ROUTE -> Topics.IDENTITY_LINKS;
      default -> Topics.INBOUND_CLIENT;
    };
  }

  private static MeshEvent<?> eventOf(EventData data) {
    return MeshEvent.of(
        EventIds.random(),
        MeshEvent.sourceOf("mesh-events-test"),
        Instant.parse("2026-11-25T12:00:00.123456789Z"),
        data);
  }

  private static ConsumerRecord<String, byte[]> produceAndConsume(String topic, MeshEvent<?> event)
      throws Exception {
    producer
        .send(MeshEventRecords.toRecord(topic, event))
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              consumer
                  .poll(Duration.ofMillis(200))
                  .forEach(
                      r ->
                          seenById.put(
                              MeshEventRecords.header(r.headers(), CloudEventHeaders.ID), r));
              return seenById.containsKey(event.id());
            });
    return seenById.get(event.id());
  }

  private static void assertCloudEventHeaders(Headers headers, MeshEvent<?> sent) {
    assertThat(single(headers, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
    assertThat(single(headers, CloudEventHeaders.ID)).isEqualTo(sent.id());
    assertThat(single(headers, CloudEventHeaders.SOURCE)).isEqualTo(SOURCE);
    assertThat(single(headers, CloudEventHeaders.TYPE)).isEqualTo(sent.type().ceType());
    assertThat(single(headers, CloudEventHeaders.SUBJECT)).isEqualTo(sent.data().key());
    assertThat(OffsetDateTime.parse(single(headers, CloudEventHeaders.TIME)).toInstant())
        .isEqualTo(sent.time());
    assertThat(single(headers, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
  }

  private static String single(Headers headers, String name) {
    List<Header> values =
        List.of(headers.toArray()).stream().filter(h -> h.key().equals(name)).toList();
    assertThat(values).as("header %s", name).hasSize(1);
    return new String(values.get(0).value(), StandardCharsets.UTF_8);
  }

  private static List<TopicPartition> partitionsOf(List<String> topics) {
    return topics.stream()
        .flatMap(
            topic ->
                IntStream.range(0, TopicCatalogue.get().require(topic).partitions())
                    .mapToObj(p -> new TopicPartition(topic, p)))
        .toList();
  }

  private static Properties producerConfig(String valueSerializer) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer);
    return config;
  }

  private static Properties consumerConfig(String valueDeserializer) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "mesh-events-test-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
    return config;
  }
}
