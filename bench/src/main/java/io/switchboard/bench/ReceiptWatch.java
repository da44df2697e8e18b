package io.switchboard.bench;

import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Counts the message ids that {@code delivered} receipts moved on {@code delivery.status} from the
 * moment it starts: what the devices reported and the mesh carried through to the senders' side.
 * The devices' reports minus this count is the receipts still on their way.
 */
final class ReceiptWatch implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final AtomicLong delivered = new AtomicLong();
  private final Thread reader;
  private volatile boolean closing;

  ReceiptWatch(String bootstrapServers) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.DELIVERY_STATUS).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    reader = new Thread(this::read, "receipt-watch");
    reader.setDaemon(true);
    reader.start();
  }

  /** Message ids moved to delivered so far. */
  long delivered() {
    return delivered.get();
  }

  private void read() {
    try {
      while (!closing) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (MeshEventRecords.fromRecord(record).data() instanceof Receipt receipt
              && receipt.status() == ReceiptStatus.DELIVERED) {
            delivered.addAndGet(receipt.messageIds().size());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    consumer.wakeup();
    reader.join(5_000);
  }
}
