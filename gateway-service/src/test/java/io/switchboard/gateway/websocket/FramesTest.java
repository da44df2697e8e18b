package io.switchboard.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.gateway.log.LogEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aMessageFrameCarriesTheEnvelopeAndEveryFieldOfAnyEventType() throws Exception {
    LogEntry reaction =
        new LogEntry(
            "sb:group:1",
            7,
            "e-7",
            "switchboard.reaction.added.v1",
            Platform.SWITCHBOARD,
            AccountRef.of(Platform.SWITCHBOARD, "phone-1"),
            "ada",
            false,
            "{\"conversationId\":\"sb:group:1\",\"messageId\":\"m-1\","
                + "\"sender\":{\"platform\":\"switchboard\",\"accountId\":\"phone-1\"},"
                + "\"reaction\":\"👍\",\"reactedAt\":\"2026-11-25T12:00:00Z\","
                + "\"receivedAt\":\"2026-11-25T12:00:01Z\"}");

    JsonNode frame = JSON.readTree(Frames.message(reaction));

    assertThat(frame.get("type").asText()).isEqualTo("message");
    assertThat(frame.get("seq").asLong()).isEqualTo(7);
    assertThat(frame.get("eventType").asText()).isEqualTo("switchboard.reaction.added.v1");
    assertThat(frame.get("sender").get("personId").asText()).isEqualTo("ada");
    assertThat(frame.get("messageId").asText()).isEqualTo("m-1");
    assertThat(frame.get("reaction").asText()).isEqualTo("👍");
    assertThat(frame.get("reactedAt").asText()).isEqualTo("2026-11-25T12:00:00Z");
    assertThat(frame.get("receivedAt").asText()).isEqualTo("2026-11-25T12:00:01Z");
  }

  @Test
  void aMessageFrameLeavesOutTheSequenceAndTheSendingDevicesNonce() throws Exception {
    LogEntry message =
        created(
            3,
            "a",
            false,
            "{\"conversationId\":\"sb:dm:a:b\",\"messageId\":\"sb.phone-1.n1\","
                + "\"sender\":{\"platform\":\"switchboard\",\"accountId\":\"phone-1\"},"
                + "\"content\":{\"kind\":\"plain\",\"text\":\"hi\"},\"sequence\":9,"
                + "\"clientNonce\":\"n1\",\"sentAt\":\"2026-11-25T12:00:00Z\","
                + "\"receivedAt\":\"2026-11-25T12:00:00Z\"}");

    JsonNode frame = JSON.readTree(Frames.message(message));

    assertThat(frame.get("seq").asLong()).isEqualTo(3);
    assertThat(frame.get("content").get("text").asText()).isEqualTo("hi");
    assertThat(frame.has("sequence")).isFalse();
    assertThat(frame.has("clientNonce")).isFalse();
    assertThat(frame.get("sender").get("accountId").asText()).isEqualTo("phone-1");
  }

  @Test
  void aMessageFrameCopiesNestedDataIntactAndKeepsItsOwnEnvelope() throws Exception {
    String data =
        "{\"conversationId\":\"sb:dm:a:b\",\"type\":\"not-a-message\",\"seq\":99,"
            + "\"content\":{\"kind\":\"plain\",\"text\":\"a \\\"quoted\\\" line\\nand 👍\"},"
            + "\"attachments\":[{\"size\":1.5},{\"size\":-2}],\"flag\":true,\"none\":null}";
    LogEntry entry = created(3, null, true, data);

    JsonNode frame = JSON.readTree(Frames.message(entry));

    assertThat(frame.fieldNames())
        .toIterable()
        .containsExactly(
            "type",
            "conversationId",
            "seq",
            "eventId",
            "eventType",
            "platform",
            "sender",
            "request",
            "content",
            "attachments",
            "flag",
            "none");
    assertThat(frame.get("type").asText()).isEqualTo("message");
    assertThat(frame.get("seq").asLong()).isEqualTo(3);
    assertThat(frame.get("request").asBoolean()).isTrue();
    assertThat(frame.get("sender").has("personId")).isFalse();
    assertThat(frame.get("content").get("text").asText()).isEqualTo("a \"quoted\" line\nand 👍");
    assertThat(frame.get("attachments")).isEqualTo(JSON.readTree("[{\"size\":1.5},{\"size\":-2}]"));
    assertThat(frame.get("flag").asBoolean()).isTrue();
    assertThat(frame.get("none").isNull()).isTrue();
  }

  @Test
  void dataThatIsNotAJsonObjectIsRefused() {
    for (String data : List.of("[1,2]", "{\"cut\":", "not json")) {
      LogEntry entry = created(1, null, false, data);
      assertThatThrownBy(() -> Frames.message(entry))
          .as(data)
          .isInstanceOf(IllegalStateException.class);
    }
  }

  /** A message in {@code sb:dm:a:b} from the device {@code phone-1}, event id {@code e-<seq>}. */
  private static LogEntry created(long seq, String personId, boolean request, String data) {
    return new LogEntry(
        "sb:dm:a:b",
        seq,
        "e-" + seq,
        "switchboard.message.created.v1",
        Platform.SWITCHBOARD,
        AccountRef.of(Platform.SWITCHBOARD, "phone-1"),
        personId,
        request,
        data);
  }
}
