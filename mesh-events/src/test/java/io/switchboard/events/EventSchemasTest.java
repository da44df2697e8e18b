package io.switchboard.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.events.EventExamples.Example;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.schema.EventSchemas;
import io.switchboard.events.schema.InvalidEventException;
import io.switchboard.events.schema.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class EventSchemasTest {

  static List<Example> examples() {
    return EventExamples.all();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsNamedForAKnownEventType(Example example) {
    assertThat(example.type()).as(example.fileName()).isPresent();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsValidAgainstItsSchema(Example example) {
    assertThat(EventSchemas.get().violations(example.requireType(), example.json())).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleBindsToItsRecordAndEncodesBackToTheSameJson(Example example) {
    EventType type = example.requireType();

    var data = EventCodec.fromTree(type, example.json());

    assertThat(data).isInstanceOf(type.dataClass());
    // Compare as text: the example's 7 reads as an int node, the record's long writes a long node.
    assertThat(EventCodec.toTree(data).toString()).isEqualTo(example.json().toString());
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyEventTypeHasASchemaWithItsIdAndAtLeastOneExample(EventType type) throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(type.schemaResource())) {
      assertThat(in).as(type.schemaResource()).isNotNull();
      JsonNode schema = EventCodec.mapper().readTree(in);
      assertThat(schema.path("$id").asText()).isEqualTo(EventSchemas.schemaId(type));
      assertThat(schema.path("$schema").asText())
          .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }
    assertThat(examples()).extracting(Example::type).anySatisfy(t -> assertThat(t).contains(type));
  }

  @Test
  void refusesEventWithoutConversationId() {
    ObjectNode json = example("switchboard.message.created.v1.json");
    json.remove("conversationId");

    assertRefused(EventType.MESSAGE_CREATED, json, "/conversationId");
  }

  @Test
  void refusesEventWithEmptySenderAccountId() {
    ObjectNode json = example("switchboard.message.created.v1.json");
    json.withObject("/sender").put("accountId", "");

    assertRefused(EventType.MESSAGE_CREATED, json, "/sender/accountId");
  }

  @Test
  void refusesEventFromUnknownPlatform() {
    ObjectNode json = example("switchboard.reaction.added.v1.json");
    json.withObject("/sender").put("platform", "telegram");

    assertRefused(EventType.REACTION_ADDED, json, "/sender/platform");
  }

  @Test
  void refusesEventWithPropertyTheSchemaDoesNotDefine() {
    ObjectNode json = example("switchboard.typing.v1.json");
    json.put("phoneNumber", "+16505551234");

    assertRefused(EventType.TYPING, json, "/phoneNumber");
  }

  @Test
  void refusesFailedReceiptWithoutErrorCode() {
    ObjectNode json = example("switchboard.receipt.v1.json");
    json.put("status", "failed");

    assertRefused(EventType.RECEIPT, json, "/errorCode");
  }

  @Test
  void acceptsFailedReceiptWithErrorCode() {
    ObjectNode json = example("switchboard.receipt.v1.json");
    json.put("status", "failed").put("errorCode", "131026");

    assertThat(EventSchemas.get().violations(EventType.RECEIPT, json)).isEmpty();
  }

  @Test
  void refusesReceiptWithNeitherMessageIdsNorWatermark() {
    ObjectNode json = example("switchboard.receipt.v1.json");
    json.remove("messageIds");

    assertRefused(EventType.RECEIPT, json, e -> assertThat(fields(e)).contains("/messageIds"));
  }

  @Test
  void refusesSealedContentWhoseCiphertextIsNotBase64() {
    ObjectNode json = example("switchboard.message.created.v1.sealed.json");
    ((ObjectNode) json.at("/content/envelopes/0")).put("ciphertext", "not base64!");

    assertRefused(EventType.MESSAGE_CREATED, json, "/content/envelopes/0/ciphertext");
  }

  @Test
  void refusesSealedContentWithoutEnvelopes() {
    ObjectNode json = example("switchboard.message.created.v1.sealed.json");
    json.withObject("/content").putArray("envelopes");

    assertRefused(EventType.MESSAGE_CREATED, json, "/content/envelopes");
  }

  @Test
  void refusesPlainContentWithNeitherTextNorAttachments() {
    ObjectNode json = example("switchboard.message.created.v1.json");
    json.withObject("/content").remove("text");

    assertRefused(
        EventType.MESSAGE_CREATED,
        json,
        e -> assertThat(fields(e)).contains("/content/text", "/content/attachments"));
  }

  @Test
  void refusesContentOfUnknownKind() {
    ObjectNode json = example("switchboard.message.created.v1.json");
    json.withObject("/content").put("kind", "encrypted");

    assertRefused(EventType.MESSAGE_CREATED, json, "/content/kind");
  }

  @Test
  void refusesTimestampThatIsNotRfc3339() {
    ObjectNode json = example("switchboard.message.deleted.v1.json");
    json.put("deletedAt", "25/11/2026 12:02");

    assertRefused(
        EventType.MESSAGE_DELETED, json, e -> assertThat(fields(e)).containsOnly("/deletedAt"));
  }

  @Test
  void refusesToEncodeRecordThatBreaksItsSchema() {
    MessageCreated withoutConversation =
        new MessageCreated(
            null,
            "m_1",
            AccountRef.of(Platform.MESSENGER, "2233445566"),
            null,
            PlainContent.text("hi"),
            null,
            null,
            null,
            Instant.parse("2026-11-25T12:00:00Z"),
            Instant.parse("2026-11-25T12:00:01Z"));

    assertThatThrownBy(() -> EventCodec.encodeData(withoutConversation))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> assertThat(fields(e)).containsExactly("/conversationId"));
  }

  @Test
  void refusesDataThatIsNotJson() {
    byte[] notJson = "{not json".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> EventCodec.decodeData(EventType.TYPING, notJson))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.eventType()).isEqualTo(EventType.TYPING.ceType());
              assertThat(fields(e)).containsExactly("/");
            });
  }

  private static void assertRefused(EventType type, JsonNode json, String field) {
    assertRefused(
        type,
        json,
        e -> {
          assertThat(fields(e)).containsExactly(field);
          assertThat(e).hasMessageContaining(type.ceType()).hasMessageContaining(field);
        });
  }

  private static void assertRefused(
      EventType type, JsonNode json, Consumer<InvalidEventException> requirements) {
    ThrowingCallable decode = () -> EventCodec.fromTree(type, json);
    assertThatThrownBy(decode)
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.eventType()).isEqualTo(type.ceType());
              requirements.accept(e);
            });
  }

  private static List<String> fields(InvalidEventException e) {
    return e.violations().stream().map(Violation::field).toList();
  }

  private static ObjectNode example(String fileName) {
    JsonNode json = EventExamples.load(fileName).json();
    return (ObjectNode) json.deepCopy();
  }
}
