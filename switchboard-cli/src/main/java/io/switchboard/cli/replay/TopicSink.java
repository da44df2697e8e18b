package io.switchboard.cli.replay;

import io.switchboard.cli.kafka.CliFailure;
import io.switchboard.events.kafka.SwitchboardHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes replayed records into a topic: the same key, value, timestamp and headers (so the same
 * event id), plus {@value SwitchboardHeaders#REPLAYED} (when it was replayed) and {@value
 * SwitchboardHeaders#REPLAYED_FROM} (the source {@code topic-partition@offset}). When the target
 * has as many partitions as the source, each record keeps its partition number, so the order within
 * every partition is the source's; otherwise the key chooses the partition, which keeps the order
 * of every conversation.
 */
public final class TopicSink implements ReplaySink {
  private final Producer<byte[], byte[]> producer;
  private final String target;
  private final boolean keepPartitions;
  private final byte[] replayedAt;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public TopicSink(
      Producer<byte[], byte[]> producer, String target, boolean keepPartitions, Instant now) {
    this.producer = producer;
    this.target = target;
    this.keepPartitions = keepPartitions;
    this.replayedAt = now.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void accept(ConsumerRecord<byte[], byte[]> record) {
    rethrow();
    RecordHeaders headers = new RecordHeaders();
    for (Header header : record.headers()) {
      if (!header.key().equals(SwitchboardHeaders.REPLAYED)
          && !header.key().equals(SwitchboardHeaders.REPLAYED_FROM)) {
        headers.add(header);
      }
    }
    headers.add(SwitchboardHeaders.REPLAYED, replayedAt);
    headers.add(
        SwitchboardHeaders.REPLAYED_FROM,
        (record.topic() + "-" + record.partition() + "@" + record.offset())
            .getBytes(StandardCharsets.UTF_8));
    producer.send(
        new ProducerRecord<>(
            target,
            keepPartitions ? record.partition() : null,
            record.timestamp(),
            record.key(),
            record.value(),
            headers),
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  @Override
  public void flush() {
    producer.flush();
    rethrow();
  }

  @Override
  public void close() {
    producer.close();
  }

  private void rethrow() {
    Exception error = failure.get();
    if (error != null) {
      throw CliFailure.failed("Kafka refused a replayed record for " + target + ": " + error);
    }
  }
}
