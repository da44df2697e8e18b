package io.switchboard.cli.dlq;

import io.switchboard.cli.kafka.CliFailure;
import io.switchboard.cli.kafka.Cluster;
import io.switchboard.cli.kafka.Position;
import io.switchboard.cli.kafka.Progress;
import io.switchboard.cli.kafka.Range;
import io.switchboard.cli.replay.ReplayFilter;
import io.switchboard.cli.replay.ReplaySink;
import io.switchboard.cli.replay.Replayer;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.kafka.SwitchboardHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends dead-lettered records back to their source topic once, however often it is run. Each
 * redriven record names its dead letter in {@value SwitchboardHeaders#REDRIVEN_FROM}; before
 * sending, the source topic is read from the oldest chosen dead letter's time on for those names,
 * and a dead letter already named is skipped. The evidence is the redriven record itself, so
 * nothing else (a marker topic, a consumer group) has to be kept in step with it.
 *
 * <p>Two redrives of the same dead-letter topic at once are kept apart by Kafka: both use the
 * transactional id {@code switchboard-cli-redrive-<dlq topic>}, so the later one fences the
 * earlier, whose records are then aborted, and the scan reads committed records only.
 */
final class Redriver {
  private final Cluster cluster;
  private final String dlq;
  private final String source;

  Redriver(Cluster cluster, String dlq) {
    this.cluster = cluster;
    this.dlq = dlq;
    this.source = DeadLetters.sourceOf(dlq);
  }

  /**
   * What a redrive did.
   *
   * @param sent dead letters sent back now
   * @param skipped dead letters an earlier redrive already sent back
   */
  record Outcome(List<String> sent, List<String> skipped) {}

  Outcome redrive(List<ConsumerRecord<byte[], byte[]>> deadLetters, boolean dryRun) {
    if (dryRun) {
      Set<String> done = alreadyRedriven(deadLetters);
      return split(deadLetters, done);
    }
    Properties transactional = new Properties();
    transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "switchboard-cli-redrive-" + dlq);
    try (KafkaProducer<byte[], byte[]> producer = cluster.producer(transactional)) {
      producer.initTransactions();
      Set<String> done = alreadyRedriven(deadLetters);
      Outcome outcome = split(deadLetters, done);
      if (outcome.sent().isEmpty()) {
        return outcome;
      }
      producer.beginTransaction();
      byte[] now = Instant.now().toString().getBytes(StandardCharsets.UTF_8);
      for (ConsumerRecord<byte[], byte[]> deadLetter : deadLetters) {
        if (!done.contains(name(deadLetter))) {
          producer.send(redriven(deadLetter, now));
        }
      }
      producer.commitTransaction();
      return outcome;
    } catch (ProducerFencedException e) {
      throw CliFailure.failed(
          "another redrive of " + dlq + " started meanwhile; nothing was sent by this one");
    } catch (KafkaException e) {
      throw cluster.translate(e);
    }
  }

  private Outcome split(List<ConsumerRecord<byte[], byte[]>> deadLetters, Set<String> done) {
    List<String> sent =
        deadLetters.stream().map(Redriver::name).filter(n -> !done.contains(n)).toList();
    List<String> skipped = deadLetters.stream().map(Redriver::name).filter(done::contains).toList();
    return new Outcome(sent, skipped);
  }

  private ProducerRecord<byte[], byte[]> redriven(
      ConsumerRecord<byte[], byte[]> deadLetter, byte[] now) {
    RecordHeaders headers = new RecordHeaders();
    for (Header header : deadLetter.headers()) {
      String key = header.key();
      if (!key.startsWith(SwitchboardHeaders.DLQ_PREFIX)
          && !key.equals(SwitchboardHeaders.REDRIVEN_FROM)
          && !key.equals(SwitchboardHeaders.REDRIVEN_AT)) {
        headers.add(header);
      }
    }
    headers.add(
        SwitchboardHeaders.REDRIVEN_FROM, name(deadLetter).getBytes(StandardCharsets.UTF_8));
    headers.add(SwitchboardHeaders.REDRIVEN_AT, now);
    return new ProducerRecord<>(source, null, null, deadLetter.key(), deadLetter.value(), headers);
  }

  /**
   * The {@value SwitchboardHeaders#REDRIVEN_FROM} values on the source topic since the oldest dead
   * letter.
   */
  private Set<String> alreadyRedriven(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
    long oldest =
        deadLetters.stream().mapToLong(ConsumerRecord::timestamp).min().orElse(Long.MAX_VALUE);
    Set<String> done = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer()) {
      List<Range> ranges =
          Range.resolve(
              consumer,
              cluster.partitions(List.of(source)),
              new Position.Time(Instant.ofEpochMilli(oldest)),
              new Position.End());
      new Replayer(
              consumer,
              ReplayFilter.all(),
              ReplaySink.of(
                  record -> {
                    String from =
                        MeshEventRecords.header(record.headers(), SwitchboardHeaders.REDRIVEN_FROM);
                    if (from != null) {
                      done.add(from);
                    }
                  }),
              0,
              Progress.none(),
              () -> false)
          .run(ranges);
    }
    return done;
  }

  static String name(ConsumerRecord<byte[], byte[]> deadLetter) {
    return deadLetter.topic() + "-" + deadLetter.partition() + "@" + deadLetter.offset();
  }
}
