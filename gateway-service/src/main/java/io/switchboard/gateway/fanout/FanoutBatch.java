package io.switchboard.gateway.fanout;

import io.smallrye.mutiny.Uni;
import io.switchboard.gateway.log.ConversationLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the inbound records of one poll caused: the records to send (outbound, delivery.status,
 * gateway.pushes, dead letters) and the log entries whose fan-out they finish. The records of a
 * poll are processed first (log appends, local pushes); then {@link #hand} gives every record to
 * the producer in one go, and once Kafka acknowledged all of it the entries are marked fanned out
 * and the poll can be acknowledged. The next poll is processed meanwhile: one wait for Kafka per
 * poll, overlapping the work on the next.
 *
 * <p>An entry handed but not yet marked is <i>in flight</i> (shared by the processor's batches): a
 * copy of its event arriving meanwhile is a duplicate, although its log row is not marked yet. An
 * entry leaves the set only after its mark committed, so a copy is a duplicate if it was in flight
 * before the log was read or the log read it marked; asking only after the read would miss a mark
 * that committed in between. Records of different conversations may be processed at once, so the
 * methods are safe to call from several threads; the records of one conversation are added in their
 * order.
 */
final class FanoutBatch {
  private final Set<String> inFlight;
  private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
  private final Set<String> fannedOut = new LinkedHashSet<>();

  /** A batch whose entries count as in flight in {@code inFlight} until they are marked. */
  FanoutBatch(Set<String> inFlight) {
    this.inFlight = inFlight;
  }

  /** Adds records to send once the batch's records are processed. */
  synchronized void send(Collection<ProducerRecord<String, byte[]>> more) {
    records.addAll(more);
  }

  /** Adds a record to send once the batch's records are processed. */
  synchronized void send(ProducerRecord<String, byte[]> record) {
    records.add(record);
  }

  /** The entry of this event is fanned out once the batch's records are acknowledged. */
  synchronized void fannedOut(String eventId) {
    fannedOut.add(eventId);
    inFlight.add(eventId);
  }

  /** Whether this batch, or one not acknowledged yet, already fanned the event out. */
  boolean inFlight(String eventId) {
    return inFlight.contains(eventId);
  }

  /**
   * Hands every record to the producer, in the order they were added. The outer result completes
   * once they are in the producer's buffer; the inner one once Kafka acknowledged all of them and
   * the entries are marked fanned out, or fails with the first failure.
   */
  Uni<Uni<Void>> hand(MeshProducer producer, ConversationLog log) {
    List<ProducerRecord<String, byte[]>> toSend;
    List<String> done;
    synchronized (this) {
      toSend = List.copyOf(records);
      done = List.copyOf(fannedOut);
    }
    return producer
        .hand(toSend)
        .map(
            acknowledged ->
                acknowledged
                    .chain(() -> log.markFannedOut(done))
                    .onTermination()
                    .invoke(() -> done.forEach(inFlight::remove))
                    .memoize()
                    .indefinitely());
  }
}
