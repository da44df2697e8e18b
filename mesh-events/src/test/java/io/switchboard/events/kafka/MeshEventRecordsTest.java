package io.switchboard.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.events.EventExamples;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.schema.InvalidEventException;
import io.switchboard.events.schema.Violation;
import io.switchboard.events.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

/** Reading binary-mode headers without a broker; the broker round trip has its own test. */
class MeshEventRecordsTest {
  private final MeshEvent<?> event =
      MeshEvent.of(
          EventIds.random(),
          MeshEvent.sourceOf("gateway-service"),
          Instant.parse("2026-11-25T12:06:05Z"),
          EventExamples.primary(EventType.TYPING).data());
  private final ProducerRecord<String, byte[]> record =
      MeshEventRecords.toRecord(Topics.TYPING, event);

  @Test
  void readsBackTheEventItWrote() {
    assertThat(MeshEventRecords.fromHeadersAndValue(record.headers(), record.value()))
        .isEqualTo(event);
  }

  @Test
  void refusesRecordWithoutIdHeader() {
    record.headers().remove(CloudEventHeaders.ID);

    assertRefused(record.headers(), CloudEventHeaders.ID);
  }

  @Test
  void refusesRecordWithoutTypeHeader() {
    record.headers().remove(CloudEventHeaders.TYPE);

    assertRefused(record.headers(), CloudEventHeaders.TYPE);
  }

  @Test
  void refusesRecordOfUnknownType() {
    replace(record.headers(), CloudEventHeaders.TYPE, "switchboard.message.forwarded.v1");

    assertRefused(record.headers(), CloudEventHeaders.TYPE);
  }

  @Test
  void refusesRecordOfAnotherCloudEventsVersion() {
    replace(record.headers(), CloudEventHeaders.SPEC_VERSION, "0.3");

    assertRefused(record.headers(), CloudEventHeaders.SPEC_VERSION);
  }

  @Test
  void refusesRecordWithoutTimeHeader() {
    record.headers().remove(CloudEventHeaders.TIME);

    assertRefused(record.headers(), CloudEventHeaders.TIME);
  }

  @Test
  void refusesRecordWhoseTimeIsNotRfc3339() {
    replace(record.headers(), CloudEventHeaders.TIME, "yesterday");

    assertRefused(record.headers(), CloudEventHeaders.TIME);
  }

  @Test
  void refusesRecordWhoseSourceIsNotAUriReference() {
    replace(record.headers(), CloudEventHeaders.SOURCE, "gateway service^1");

    assertRefused(record.headers(), CloudEventHeaders.SOURCE);
  }

  @Test
  void refusesRecordWhoseDataIsNotJson() {
    replace(record.headers(), CloudEventHeaders.CONTENT_TYPE, "application/avro");

    assertRefused(record.headers(), CloudEventHeaders.CONTENT_TYPE);
  }

  @Test
  void writingHeadersTwiceLeavesOneValuePerHeader() {
    MeshEventRecords.writeHeaders(event, record.headers());

    assertThat(record.headers().headers(CloudEventHeaders.ID)).hasSize(1);
    assertThat(record.headers().headers(CloudEventHeaders.TYPE)).hasSize(1);
  }

  private void assertRefused(Headers headers, String header) {
    assertThatThrownBy(() -> MeshEventRecords.fromHeadersAndValue(headers, record.value()))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.violations()).extracting(Violation::field).containsExactly(header);
              assertThat(e).hasMessageContaining(header);
            });
  }

  private static void replace(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
