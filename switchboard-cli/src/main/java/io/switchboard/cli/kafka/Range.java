package io.switchboard.cli.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of one partition to read: from {@code start} up to, not including, {@code stop}.
 * Stops are fixed when the range is resolved, so a command ends even while the topic grows.
 */
public record Range(TopicPartition partition, long start, long stop) {
  public Range {
    stop = Math.max(start, stop);
  }

  public long size() {
    return stop - start;
  }

  /** Resolves {@code from} and {@code to} on every partition, times through offsets-for-times. */
  public static List<Range> resolve(
      Consumer<?, ?> consumer, List<TopicPartition> partitions, Position from, Position to) {
    Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> starts = offsets(consumer, partitions, from, beginning, end);
    Map<TopicPartition, Long> stops = offsets(consumer, partitions, to, beginning, end);
    return partitions.stream().map(p -> new Range(p, starts.get(p), stops.get(p))).toList();
  }

  /** Where each partition is at {@code position}, clamped to what the partition holds. */
  public static Map<TopicPartition, Long> offsets(
      Consumer<?, ?> consumer, List<TopicPartition> partitions, Position position) {
    return offsets(
        consumer,
        partitions,
        position,
        consumer.beginningOffsets(partitions),
        consumer.endOffsets(partitions));
  }

  private static Map<TopicPartition, Long> offsets(
      Consumer<?, ?> consumer,
      List<TopicPartition> partitions,
      Position position,
      Map<TopicPartition, Long> beginning,
      Map<TopicPartition, Long> end) {
    Map<TopicPartition, Long> result = new HashMap<>();
    Map<TopicPartition, OffsetAndTimestamp> byTime = Map.of();
    if (position instanceof Position.Time time) {
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(p -> query.put(p, time.instant().toEpochMilli()));
      byTime = new HashMap<>(consumer.offsetsForTimes(query, Duration.ofSeconds(30)));
    }
    for (TopicPartition p : partitions) {
      long first = beginning.get(p);
      long last = end.get(p);
      long offset;
      if (position instanceof Position.Beginning) {
        offset = first;
      } else if (position instanceof Position.Offset o) {
        offset = o.offset();
      } else if (position instanceof Position.PerPartition pp) {
        offset = pp.offsets().getOrDefault(p.partition(), last);
      } else if (position instanceof Position.Time) {
        OffsetAndTimestamp found = byTime.get(p);
        offset = found == null ? last : found.offset();
      } else {
        offset = last;
      }
      result.put(p, Math.min(Math.max(offset, first), last));
    }
    return result;
  }
}
