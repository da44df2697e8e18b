package io.switchboard.cli.replay;

import io.switchboard.cli.kafka.StructuredEvents;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Writes replayed records to a file as CloudEvents JSON lines ({@link StructuredEvents}). */
public final class DumpSink implements ReplaySink {
  private final StructuredEvents events;

  public DumpSink(Path path, boolean append) throws IOException {
    this.events =
        new StructuredEvents(
            new BufferedOutputStream(
                Files.newOutputStream(
                    path,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING),
                1 << 16));
  }

  @Override
  public void accept(ConsumerRecord<byte[], byte[]> record) throws IOException {
    events.write(record);
  }

  @Override
  public void flush() throws IOException {
    events.flush();
  }

  @Override
  public void close() throws IOException {
    events.close();
  }
}
