package io.switchboard.adapter.outbound;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.switchboard.events.kafka.SwitchboardHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes a record that could not be delivered to its topic's dead-letter topic ({@code
 * <topic>.dlq}): the original key, value and headers (the {@code ce_*} attributes included), byte
 * for byte, plus why it ended there (the {@code switchboard_dlq_*} headers of {@link
 * SwitchboardHeaders}). Completes only when Kafka has acknowledged it, so the original's offset is
 * committed only once the record is safe elsewhere.
 */
public final class DeadLetters {
  private final MutinyEmitter<byte[]> emitter;

  /**
   * @param emitter a channel to the dead-letter topic with a String key and byte[] value serializer
   */
  public DeadLetters(MutinyEmitter<byte[]> emitter) {
    this.emitter = emitter;
  }

  /**
   * @param reason a stable code, e.g. {@code invalid_recipient}
   * @param explanation readable, never message content
   * @param attempts Send API calls made
   * @param status the last HTTP status, 0 when none
   */
  public Uni<Void> write(
      String key,
      byte[] value,
      Headers original,
      String reason,
      String explanation,
      int attempts,
      int status) {
    Headers headers = new RecordHeaders();
    for (Header header : original) {
      if (!header.key().startsWith(SwitchboardHeaders.DLQ_PREFIX)) {
        headers.add(header.key(), header.value());
      }
    }
    put(headers, SwitchboardHeaders.DLQ_REASON, reason);
    put(headers, SwitchboardHeaders.DLQ_EXPLANATION, explanation);
    put(headers, SwitchboardHeaders.DLQ_ATTEMPTS, Integer.toString(attempts));
    put(headers, SwitchboardHeaders.DLQ_STATUS, Integer.toString(status));
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build();
    return emitter.sendMessage(
        Message.of(value == null ? new byte[0] : value).addMetadata(metadata));
  }

  private static void put(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
