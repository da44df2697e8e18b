package io.switchboard.cli.testing;

import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.Content;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.kafka.MeshEventRecords;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Mesh events as the adapters and the gateway write them, as records of any topic. */
public final class Events {
  /** A ciphertext no output may ever contain. */
  public static final String CIPHERTEXT = "c2VjcmV0LWNpcGhlcnRleHQtbmV2ZXItc2hvd24=";

  private Events() {}

  public static AccountRef account(Platform platform) {
    return AccountRef.of(platform, Long.toString(1_000_000_000L + (long) (Math.random() * 1e9)));
  }

  public static MessageCreated message(
      String conversation, String messageId, AccountRef from, AccountRef to, Content content) {
    Instant now = Instant.now();
    return new MessageCreated(
        conversation, messageId, from, to, content, null, null, null, now, now);
  }

  public static MessageCreated text(String conversation, String text) {
    return message(
        conversation,
        "mid." + UUID.randomUUID(),
        account(Platform.MESSENGER),
        account(Platform.MESSENGER),
        PlainContent.text(text));
  }

  public static SealedContent sealed() {
    return new SealedContent(
        "HPKE-X25519-HKDF-SHA256-AES-128-GCM",
        "dk_sender",
        List.of(
            new SealedEnvelope(
                "dk_phone", "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=", CIPHERTEXT)));
  }

  public static Receipt receipt(
      String conversation, AccountRef account, ReceiptStatus status, String messageId) {
    Instant now = Instant.now();
    return new Receipt(
        conversation, account, status, List.of(messageId), null, null, null, now, now);
  }

  /** The record the mesh would write: binary-mode CloudEvent, keyed by the conversation. */
  public static ProducerRecord<byte[], byte[]> record(String topic, EventData data) {
    return record(topic, null, null, data);
  }

  /** The same, into a chosen partition with a chosen timestamp (either may be null). */
  public static ProducerRecord<byte[], byte[]> record(
      String topic, Integer partition, Long timestamp, EventData data) {
    ProducerRecord<String, byte[]> mesh =
        MeshEventRecords.toRecord(
            topic,
            MeshEvent.of(EventIds.random(), MeshEvent.sourceOf("cli-test"), Instant.now(), data));
    return new ProducerRecord<>(
        topic,
        partition,
        timestamp,
        mesh.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        mesh.value(),
        mesh.headers());
  }
}
