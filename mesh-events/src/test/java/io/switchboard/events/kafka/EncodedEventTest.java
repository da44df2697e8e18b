package io.switchboard.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.events.EventCodec;
import io.switchboard.events.EventExamples;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.Typing;
import io.switchboard.events.schema.InvalidEventException;
import io.switchboard.events.topics.Topics;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class EncodedEventTest {
  private static final Instant AT = Instant.parse("2026-11-25T12:06:05Z");

  @Test
  void writesTheSameRecordAsTheMeshEventSerializer() {
    MeshEvent<EventData> event = event(EventExamples.primary(EventType.TYPING).data());
    RecordHeaders plain = new RecordHeaders();
    RecordHeaders encoded = new RecordHeaders();

    byte[] plainValue = new MeshEventSerializer().serialize(Topics.TYPING, plain, event);
    byte[] encodedValue =
        new EncodedEventSerializer().serialize(Topics.TYPING, encoded, EncodedEvent.of(event));

    assertThat(encodedValue).isEqualTo(plainValue).isEqualTo(EventCodec.encodeData(event.data()));
    assertThat(encoded.toArray()).containsExactly(plain.toArray());
    assertThat(EncodedEvent.of(event).key()).isEqualTo(event.key());
  }

  @Test
  void refusesDataThatBreaksItsSchemaWhenEncodedNotWhenSent() {
    Typing typing = (Typing) EventExamples.primary(EventType.TYPING).data();
    MeshEvent<EventData> valid = event(typing);
    MeshEvent<EventData> invalid =
        event(new Typing(null, typing.sender(), typing.typing(), typing.expiresAt()));

    assertThatThrownBy(() -> EncodedEvent.all(List.of(valid, invalid)))
        .isInstanceOf(InvalidEventException.class);
    assertThat(EncodedEvent.all(List.of(valid, valid))).hasSize(2);
  }

  private static MeshEvent<EventData> event(EventData data) {
    return MeshEvent.of(EventIds.random(), MeshEvent.sourceOf("gateway-service"), AT, data);
  }
}
