package io.switchboard.messenger.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.adapter.meta.MetaEventMapper;
import io.switchboard.adapter.meta.MetaWebhook;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventCodec;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.service.rest.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One realistic payload per Messenger webhook kind, shaped like Meta's documentation. */
class MessengerEventMapperTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:05Z");
  private static final String PAGE = "104582993245171";
  private static final String PSID = "6834129907245518";
  private static final String CONVERSATION = "messenger:" + PAGE + ":" + PSID;
  private static final String FIRST_MID = "m_AQ5Hq0p3LrVdYxK8sWvT1nZc4bFgJ2mE9uR7yA6iOlPxN3kS";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MessengerEventMapper mapper =
      new MessengerEventMapper(Clock.fixed(NOW, ZoneOffset.UTC), meters);
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void mapsATextMessageToMessageCreatedInTheDirectConversation() throws IOException {
    MeshEvent<EventData> event = single("text");

    assertThat(event.type()).isEqualTo(EventType.MESSAGE_CREATED);
    assertThat(event.key()).isEqualTo(CONVERSATION);
    assertThat(event.id())
        .isEqualTo(
            EventIds.forPlatformEvent(Platform.MESSENGER, EventType.MESSAGE_CREATED, FIRST_MID));
    assertThat(event.time()).isEqualTo(Instant.ofEpochMilli(1764072000123L));
    MessageCreated created = (MessageCreated) event.data();
    assertThat(created.messageId()).isEqualTo(FIRST_MID);
    assertThat(created.sender()).isEqualTo(AccountRef.of(Platform.MESSENGER, PSID));
    assertThat(created.recipient()).isEqualTo(AccountRef.of(Platform.MESSENGER, PAGE));
    assertThat(content(created).text()).isEqualTo("See you at noon?");
    assertThat(created.sentAt()).isEqualTo(Instant.ofEpochMilli(1764072000123L));
    assertThat(created.receivedAt()).isEqualTo(NOW);
  }

  @Test
  void mapsAQuickReplyToAMessageWithTheTitleTapped() throws IOException {
    MessageCreated created = (MessageCreated) single("quick-reply").data();

    assertThat(content(created).text()).isEqualTo("Tomorrow");
    assertThat(created.messageId()).isEqualTo("m_Qr7mV2sL9pXcT4nB8kJ1dF6hA3gE5wZ0yU-iO_rN");
  }

  @Test
  void keepsTheMessageAReplyAnswers() throws IOException {
    MessageCreated created = (MessageCreated) single("reply").data();

    assertThat(created.replyTo()).isEqualTo(FIRST_MID);
  }

  @ParameterizedTest
  @CsvSource({"image", "audio", "video", "file"})
  void mapsMediaToAMediaReferenceOfItsKind(String kind) throws IOException {
    PlainContent content = content((MessageCreated) single(kind).data());

    assertThat(content.text()).isNull();
    assertThat(content.attachments())
        .singleElement()
        .satisfies(
            media -> {
              assertThat(media.kind()).isEqualTo(kind);
              assertThat(media.url()).startsWith("https://");
            });
  }

  @Test
  void mapsAStickerSentAsImageAndStickerToOneSticker() throws IOException {
    PlainContent content = content((MessageCreated) single("sticker").data());

    assertThat(content.attachments()).extracting(MediaRef::kind).containsExactly("sticker");
  }

  @Test
  void mapsASharedLinkToAFileWithItsTitle() throws IOException {
    PlainContent content = content((MessageCreated) single("fallback-link").data());

    assertThat(content.text()).isEqualTo("look at this");
    assertThat(content.attachments())
        .containsExactly(
            new MediaRef(
                "file",
                "https://www.example.com/articles/tide-tables",
                null,
                "Tide tables for the week"));
  }

  @Test
  void mapsAReactionToReactionAddedWithTheEmoji() throws IOException {
    MeshEvent<EventData> event = single("reaction-react");

    ReactionAdded added = (ReactionAdded) event.data();
    assertThat(added.messageId()).isEqualTo(FIRST_MID);
    assertThat(added.reaction()).isEqualTo("\u2764\ufe0f");
    assertThat(added.reactedAt()).isEqualTo(Instant.ofEpochMilli(1764072000700L));
  }

  @Test
  void mapsAnUnreactToReactionRemoved() throws IOException {
    ReactionRemoved removed = (ReactionRemoved) single("reaction-unreact").data();

    assertThat(removed.messageId()).isEqualTo(FIRST_MID);
    assertThat(removed.sender()).isEqualTo(AccountRef.of(Platform.MESSENGER, PSID));
  }

  @Test
  void mapsAReadWatermarkToAReadReceipt() throws IOException {
    Receipt receipt = (Receipt) single("read").data();

    assertThat(receipt.status()).isEqualTo(ReceiptStatus.READ);
    assertThat(receipt.account()).isEqualTo(AccountRef.of(Platform.MESSENGER, PSID));
    assertThat(receipt.watermark()).isEqualTo(Instant.ofEpochMilli(1764072000123L));
    assertThat(receipt.messageIds()).isEmpty();
    assertThat(receipt.reportedAt()).isEqualTo(Instant.ofEpochMilli(1764072000900L));
  }

  @Test
  void mapsADeliveryToADeliveredReceiptWithItsMessagesAndWatermark() throws IOException {
    Receipt receipt = (Receipt) single("delivery").data();

    assertThat(receipt.status()).isEqualTo(ReceiptStatus.DELIVERED);
    assertThat(receipt.messageIds()).containsExactly("m_Dl3vR7yL1pX5nB9mQ2wE6tY4uI8oA0sD3fGhJkL");
    assertThat(receipt.watermark()).isEqualTo(Instant.ofEpochMilli(1764072000950L));
  }

  @Test
  void mapsAnEditToMessageEditedOfTheOriginalMessage() throws IOException {
    MeshEvent<EventData> event = single("edit");

    MessageEdited edited = (MessageEdited) event.data();
    assertThat(edited.messageId()).isEqualTo(FIRST_MID);
    assertThat(((PlainContent) edited.content()).text()).isEqualTo("See you at one?");
    assertThat(edited.editedAt()).isEqualTo(Instant.ofEpochMilli(1764072001100L));
    assertThat(event.id())
        .isEqualTo(
            EventIds.forPlatformEvent(
                Platform.MESSENGER, EventType.MESSAGE_EDITED, FIRST_MID, "edit-1"));
  }

  @Test
  void mapsAPostbackToAMessageWithTheButtonTitle() throws IOException {
    MessageCreated created = (MessageCreated) single("postback").data();

    assertThat(created.messageId()).isEqualTo("m_PbK6xC9vB2nM5qW8eR1tY4uI7oP0aS3dF6gHjKl");
    assertThat(content(created).text()).isEqualTo("Track my order");
  }

  @Test
  void givesAPostbackWithoutMidADeterministicMessageId() throws IOException {
    MeshEvent<EventData> event = single("postback-without-mid");

    MessageCreated created = (MessageCreated) event.data();
    assertThat(content(created).text()).isEqualTo("Get Started");
    assertThat(created.messageId()).isNotBlank();
    assertThat(map("postback-without-mid").get(0))
        .extracting(MeshEvent::id, e -> ((MessageCreated) e.data()).messageId())
        .containsExactly(event.id(), created.messageId());
  }

  @Test
  void mapsAnEchoOfThePagesOwnSendToASentReceiptNotANewMessage() throws IOException {
    MeshEvent<EventData> event = single("echo");

    Receipt sent = (Receipt) event.data();
    assertThat(sent.status()).isEqualTo(ReceiptStatus.SENT);
    assertThat(sent.conversationId()).isEqualTo(CONVERSATION);
    assertThat(sent.account()).isEqualTo(AccountRef.of(Platform.MESSENGER, PAGE));
    assertThat(sent.messageIds()).containsExactly("m_EcH1oR4yL7pX0nB3mQ6wE9tY2uI5oA8sD1fGhJk");
  }

  @Test
  void mapsAStandbyMessageLikeAnyOtherMessage() throws IOException {
    MessageCreated created = (MessageCreated) single("standby").data();

    assertThat(created.messageId()).isEqualTo("m_SbY2dR5yL8pX1nB4mQ7wE0tY3uI6oA9sD2fGhJk");
    assertThat(content(created).text()).isEqualTo("Is anyone there?");
  }

  @Test
  void skipsAndCountsAnEventKindItDoesNotMap() throws IOException {
    assertThat(map("optin")).isEmpty();
    assertThat(
            meters
                .counter(MetaEventMapper.UNKNOWN_METER, "platform", "messenger", "kind", "optin")
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void givesARedeliveredEventTheSameId() throws IOException {
    assertThat(map("reaction-react").get(0).id()).isEqualTo(map("reaction-react").get(0).id());
    assertThat(map("edit").get(0).id()).isEqualTo(map("edit").get(0).id());
  }

  @Test
  void refusesAWebhookForAnotherObject() {
    assertThatThrownBy(() -> mapper.toEvents(new MetaWebhook("instagram", List.of())))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("page");
  }

  private MeshEvent<EventData> single(String kind) throws IOException {
    List<MeshEvent<EventData>> events = map(kind);
    assertThat(events).hasSize(1);
    MeshEvent<EventData> event = events.get(0);
    assertThatCode(() -> EventCodec.toTree(event.data())).doesNotThrowAnyException();
    return event;
  }

  private List<MeshEvent<EventData>> map(String kind) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/webhooks/messenger/" + kind + ".json")) {
      assertThat(in).as("payload %s", kind).isNotNull();
      return mapper.toEvents(json.readValue(in, MetaWebhook.class));
    }
  }

  private static PlainContent content(MessageCreated created) {
    return (PlainContent) created.content();
  }
}
