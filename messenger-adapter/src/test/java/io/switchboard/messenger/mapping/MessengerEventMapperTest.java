package io.switchboard.messenger.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.adapter.meta.MetaWebhook;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.service.rest.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessengerEventMapperTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private final MessengerEventMapper mapper =
      new MessengerEventMapper(Clock.fixed(NOW, ZoneOffset.UTC));
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void mapsATextMessageToMessageCreatedInTheDirectConversation() throws Exception {
    List<MeshEvent<EventData>> events =
        map(
            """
            {"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":1764072000123,
             "message":{"mid":"m_1","text":"hi","reply_to":{"mid":"m_0"}}}
            """);

    assertThat(events).hasSize(1);
    MeshEvent<EventData> event = events.get(0);
    assertThat(event.type()).isEqualTo(EventType.MESSAGE_CREATED);
    assertThat(event.key()).isEqualTo("messenger:P1:U1");
    MessageCreated created = (MessageCreated) event.data();
    assertThat(created.messageId()).isEqualTo("m_1");
    assertThat(created.sender()).isEqualTo(AccountRef.of(Platform.MESSENGER, "U1"));
    assertThat(created.recipient()).isEqualTo(AccountRef.of(Platform.MESSENGER, "P1"));
    assertThat(((PlainContent) created.content()).text()).isEqualTo("hi");
    assertThat(created.replyTo()).isEqualTo("m_0");
    assertThat(created.sentAt()).isEqualTo(Instant.ofEpochMilli(1764072000123L));
    assertThat(created.receivedAt()).isEqualTo(NOW);
  }

  @Test
  void givesARedeliveredEventTheSameId() throws Exception {
    String messaging =
        """
        {"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":1,"message":{"mid":"m_1","text":"hi"}}
        """;

    assertThat(map(messaging).get(0).id()).isEqualTo(map(messaging).get(0).id());
  }

  @Test
  void skipsEchoesOfThePagesOwnMessages() throws Exception {
    assertThat(
            map(
                """
                {"sender":{"id":"P1"},"recipient":{"id":"U1"},"timestamp":1,
                 "message":{"mid":"m_2","text":"sent by the mesh","is_echo":true}}
                """))
        .isEmpty();
  }

  @Test
  void mapsAnUnreactToReactionRemoved() throws Exception {
    MeshEvent<EventData> event =
        map("""
                {"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":5,
                 "reaction":{"mid":"m_1","action":"unreact"}}
                """)
            .get(0);

    assertThat(event.data()).isInstanceOf(ReactionRemoved.class);
    assertThat(((ReactionRemoved) event.data()).messageId()).isEqualTo("m_1");
  }

  @Test
  void mapsAReadWatermarkToAReadReceipt() throws Exception {
    Receipt receipt =
        (Receipt)
            map("""
                    {"sender":{"id":"U1"},"recipient":{"id":"P1"},"timestamp":9,
                     "read":{"watermark":1764072000000}}
                    """)
                .get(0)
                .data();

    assertThat(receipt.status()).isEqualTo(ReceiptStatus.READ);
    assertThat(receipt.watermark()).isEqualTo(Instant.ofEpochMilli(1764072000000L));
  }

  @Test
  void refusesAWebhookForAnotherObject() {
    assertThatThrownBy(() -> mapper.toEvents(new MetaWebhook("instagram", List.of())))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("page");
  }

  private List<MeshEvent<EventData>> map(String messaging) throws Exception {
    String body =
        "{\"object\":\"page\",\"entry\":[{\"id\":\"P1\",\"time\":1,\"messaging\":["
            + messaging
            + "]}]}";
    return mapper.toEvents(json.readValue(body, MetaWebhook.class));
  }
}
