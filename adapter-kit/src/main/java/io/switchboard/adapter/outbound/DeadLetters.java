package io.switchboard.adapter.outbound;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes a record that could not be delivered to its topic's dead-letter topic ({@code
 * <topic>.dlq}): the original key, value and headers (the {@code ce_*} attributes included), byte
 * for byte, plus why it ended there. Completes only when Kafka has acknowledged it, so the
 * original's offset is committed only once the record is safe elsewhere.
 */
public final class DeadLetters {
  public static final String REASON = "switchboard_dlq_reason";
  public static final String ATTEMPTS = "switchboard_dlq_attempts";
  public static final String STATUS = "switchboard_dlq_status";
  public static final String EXPLANATION = "switchboard_dlq_explanation";

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
      if (!header.key().startsWith("switchboard_dlq_")) {
        headers.add(header.key(), header.value());
      }
    }
    put(headers, REASON, reason);
    put(headers, EXPLANATION, explanation);
    put(headers, ATTEMPTS, Integer.toString(attempts));
    put(headers, STATUS, Integer.toString(status));
    OutgoingKafkaRecordMetadata<String> metadata =
        OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build();
    return emitter.sendMessage(
        Message.of(value == null ? new byte[0] : value).addMetadata(metadata));
  }

  private static void put(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
