package io.switchboard.events.kafka;

import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A Kafka value deserializer for {@link MeshEvent}s in CloudEvents binary mode. A record that
 * breaks the contract throws {@link io.switchboard.events.schema.InvalidEventException}; consumers
 * route such records to their dead-letter topic.
 */
public class MeshEventDeserializer implements Deserializer<MeshEvent<EventData>> {
  @Override
  public MeshEvent<EventData> deserialize(String topic, byte[] data) {
    throw new UnsupportedOperationException(
        "mesh events need record headers: deserialize(topic, headers, data)");
  }

  @Override
  public MeshEvent<EventData> deserialize(String topic, Headers headers, byte[] data) {
    if (data == null) {
      return null;
    }
    return MeshEventRecords.fromHeadersAndValue(headers, data);
  }
}
