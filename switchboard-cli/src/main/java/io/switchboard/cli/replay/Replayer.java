package io.switchboard.cli.replay;

import io.switchboard.cli.kafka.Progress;
import io.switchboard.cli.kafka.Range;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads fixed offset ranges, partition by partition in offset order, and hands every record that
 * passes the filter to a sink, at most {@code rate} a second. It remembers, per partition, the
 * offset after the last record it handled, so a stopped replay can be resumed exactly there.
 */
public final class Replayer {
  private static final Duration POLL = Duration.ofMillis(200);

  private final Consumer<byte[], byte[]> consumer;
  private final ReplayFilter filter;
  private final ReplaySink sink;
  private final long rate;
  private final Progress progress;
  private final BooleanSupplier stop;

  /**
   * @param rate records a second at most, 0 for as fast as possible
   * @param stop asked before every record; true ends the replay where it is
   */
  public Replayer(
      Consumer<byte[], byte[]> consumer,
      ReplayFilter filter,
      ReplaySink sink,
      long rate,
      Progress progress,
      BooleanSupplier stop) {
    this.consumer = consumer;
    this.filter = filter;
    this.sink = sink;
    this.rate = rate;
    this.progress = progress;
    this.stop = stop;
  }

  /**
   * What a replay did.
   *
   * @param read records read within the ranges
   * @param written records that passed the filter and were handed to the sink
   * @param next per partition, the first offset not handled yet
   * @param complete whether every range was read to its end
   */
  public record Result(long read, long written, Map<TopicPartition, Long> next, boolean complete) {}

  public Result run(List<Range> ranges) {
    Map<TopicPartition, Range> byPartition = new LinkedHashMap<>();
    Map<TopicPartition, Long> next = new LinkedHashMap<>();
    List<TopicPartition> active = new ArrayList<>();
    long total = 0;
    for (Range range : ranges) {
      byPartition.put(range.partition(), range);
      next.put(range.partition(), range.start());
      if (range.size() > 0) {
        active.add(range.partition());
        total += range.size();
      }
    }
    consumer.assign(active);
    active.forEach(p -> consumer.seek(p, byPartition.get(p).start()));
    long read = 0;
    long written = 0;
    long done = 0;
    long startNanos = System.nanoTime();
    try {
      while (!active.isEmpty() && !stop.getAsBoolean()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        for (TopicPartition partition : records.partitions()) {
          long stopAt = byPartition.get(partition).stop();
          for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
            if (record.offset() >= stopAt || stop.getAsBoolean()) {
              break;
            }
            read++;
            if (filter.matches(record)) {
              throttle(startNanos, written);
              sink.accept(record);
              written++;
            }
            done += record.offset() + 1 - next.get(partition);
            next.put(partition, record.offset() + 1);
            progress.update(done, written);
          }
        }
        if (stop.getAsBoolean()) {
          break;
        }
        for (TopicPartition partition : List.copyOf(active)) {
          Range range = byPartition.get(partition);
          if (consumer.position(partition) >= range.stop()) {
            done += range.stop() - next.get(partition);
            next.put(partition, range.stop());
            consumer.pause(List.of(partition));
            active.remove(partition);
          }
        }
        progress.update(done, written);
      }
    } catch (WakeupException interrupted) {
      // Ctrl-C: what was handled is in `next`; the sink is flushed below.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      progress.finish();
    }
    try {
      sink.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(read, written, next, active.isEmpty());
  }

  private void throttle(long startNanos, long written) {
    if (rate <= 0) {
      return;
    }
    long due = startNanos + written * 1_000_000_000L / rate;
    long wait;
    while ((wait = due - System.nanoTime()) > 0 && !stop.getAsBoolean()) {
      LockSupport.parkNanos(Math.min(wait, 100_000_000L));
    }
  }
}
