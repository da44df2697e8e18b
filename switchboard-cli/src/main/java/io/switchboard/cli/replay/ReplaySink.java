package io.switchboard.cli.replay;

import java.io.IOException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where replayed records go: a topic, a file, or nowhere for a dry run. */
public interface ReplaySink extends AutoCloseable {
  void accept(ConsumerRecord<byte[], byte[]> record) throws IOException;

  /** Returns once everything accepted so far is safe (acknowledged by Kafka, on disk). */
  void flush() throws IOException;

  @Override
  default void close() throws IOException {}

  /** Counts only: {@code --dry-run}. */
  static ReplaySink nowhere() {
    return of(record -> {});
  }

  /** Hands every record to {@code each}, for commands that read a range to show it. */
  static ReplaySink of(Consumer<ConsumerRecord<byte[], byte[]>> each) {
    return new ReplaySink() {
      @Override
      public void accept(ConsumerRecord<byte[], byte[]> record) {
        each.accept(record);
      }

      @Override
      public void flush() {}
    };
  }
}
