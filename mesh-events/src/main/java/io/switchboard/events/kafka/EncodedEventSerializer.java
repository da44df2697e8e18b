package io.switchboard.events.kafka;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka value serializer for {@link EncodedEvent}s: the same records as {@link
 * MeshEventSerializer} (CloudEvents binary mode, {@code ce_*} headers and the JSON data), from data
 * that was checked and written when the event was encoded.
 */
public class EncodedEventSerializer implements Serializer<EncodedEvent> {
  @Override
  public byte[] serialize(String topic, EncodedEvent event) {
    throw new UnsupportedOperationException(
        "mesh events need record headers: serialize(topic, headers, event)");
  }

  @Override
  public byte[] serialize(String topic, Headers headers, EncodedEvent event) {
    if (event == null) {
      return null;
    }
    MeshEventRecords.writeHeaders(event.event(), headers);
    return event.data();
  }
}
