package io.switchboard.events.kafka;

import io.switchboard.events.EventCodec;
import io.switchboard.events.MeshEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka value serializer for {@link MeshEvent}s in CloudEvents binary mode: it writes the {@code
 * ce_*} headers and the JSON data. Use it as a channel's {@code value.serializer}.
 */
public class MeshEventSerializer implements Serializer<MeshEvent<?>> {
  @Override
  public byte[] serialize(String topic, MeshEvent<?> event) {
    throw new UnsupportedOperationException(
        "mesh events need record headers: serialize(topic, headers, event)");
  }

  @Override
  public byte[] serialize(String topic, Headers headers, MeshEvent<?> event) {
    if (event == null) {
      return null;
    }
    MeshEventRecords.writeHeaders(event, headers);
    return EventCodec.encodeData(event.data());
  }
}
