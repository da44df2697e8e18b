package io.switchboard.bench;

import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.MeshEventRecords;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * How fast one core turns a message event into a Kafka record and back, schema checks included: the
 * per-event cost every adapter and the gateway pay.
 *
 * <p>Run: {@code ./mvnw -B -q -pl bench -am package -DskipTests && java -cp
 * "bench/target/bench.jar:bench/target/lib/*" io.switchboard.bench.CodecBenchmark [events]}
 */
public final class CodecBenchmark {
  private CodecBenchmark() {}

  public static void main(String[] args) {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    MeshEvent<EventData> event = sample();
    run(event, events / 4); // warm-up: let the JIT compile the path first
    Histogram encode = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
    Histogram decode = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
    long started = System.nanoTime();
    run(event, events, encode, decode);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "events: %d in %.2f s, %.0f round trips/s%n", events, seconds, events / seconds);
    print("encode (schema check + JSON + headers)", encode);
    print("decode (headers + JSON + schema check)", decode);
  }

  private static void run(MeshEvent<EventData> event, int count) {
    run(event, count, new Histogram(3), new Histogram(3));
  }

  private static void run(
      MeshEvent<EventData> event, int count, Histogram encode, Histogram decode) {
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      ProducerRecord<String, byte[]> record = MeshEventRecords.toRecord("inbound.messenger", event);
      long t1 = System.nanoTime();
      ConsumerRecord<String, byte[]> consumed =
          new ConsumerRecord<>(record.topic(), 0, i, record.key(), record.value());
      record.headers().forEach(h -> consumed.headers().add(h));
      MeshEvent<EventData> back = MeshEventRecords.fromRecord(consumed);
      long t2 = System.nanoTime();
      if (!back.id().equals(event.id())) {
        throw new IllegalStateException("round trip changed the event");
      }
      encode.recordValue(t1 - t0);
      decode.recordValue(t2 - t1);
    }
  }

  private static MeshEvent<EventData> sample() {
    Instant now = Instant.parse("2026-11-25T12:00:00.123Z");
    MessageCreated data =
        new MessageCreated(
            "messenger:1122334455:2233445566",
            "m_AbCdEf123",
            AccountRef.of(Platform.MESSENGER, "2233445566"),
            AccountRef.of(Platform.MESSENGER, "1122334455"),
            PlainContent.text("See you at noon? ".repeat(8)),
            null,
            null,
            null,
            now,
            now);
    String id =
        EventIds.forPlatformEvent(
            Platform.MESSENGER, io.switchboard.events.EventType.MESSAGE_CREATED, "m_AbCdEf123");
    return MeshEvent.of(id, MeshEvent.sourceOf("bench"), now, data);
  }

  private static void print(String what, Histogram histogram) {
    System.out.printf(
        "%s: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
        what,
        histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0,
        histogram.getValueAtPercentile(99.9) / 1000.0,
        histogram.getMaxValue() / 1000.0);
  }
}
