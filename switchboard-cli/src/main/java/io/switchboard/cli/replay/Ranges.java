package io.switchboard.cli.replay;

import io.switchboard.cli.kafka.Cluster;
import io.switchboard.cli.kafka.Position;
import io.switchboard.cli.kafka.Progress;
import io.switchboard.cli.kafka.Range;
import java.util.Collection;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reading whole topics, as they are now, for the commands that show what is there. */
public final class Ranges {
  private Ranges() {}

  /** Hands every record of the topics, from the beginning to the end as of now, to {@code each}. */
  public static void readAll(
      Cluster cluster, Collection<String> topics, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer()) {
      new Replayer(
              consumer, ReplayFilter.all(), ReplaySink.of(each), 0, Progress.none(), () -> false)
          .run(
              Range.resolve(
                  consumer,
                  cluster.partitions(topics),
                  new Position.Beginning(),
                  new Position.End()));
    }
  }
}
