package io.switchboard.instagram.mapping;

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
import io.switchboard.events.content.StoryRef;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageDeleted;
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

/** One realistic payload per Instagram Messaging API webhook kind, shaped like Meta's docs. */
class InstagramEventMapperTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:05Z");
  private static final String ACCOUNT = "17841405822304914";
  private static final String IGSID = "1254460729134157";
  private static final String CONVERSATION = "instagram:" + ACCOUNT + ":" + IGSID;
  private static final String FIRST_MID =
      "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1ODIyMzA0OTE0OjM0MDI4MjM2Njg0MTcxMDMwMDk0OTEyODE3NjE0NzA4MDMyMDAwOToyNzQ5NDk2MjE1NTAwZDZD";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final InstagramEventMapper mapper =
      new InstagramEventMapper(Clock.fixed(NOW, ZoneOffset.UTC), meters);
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void mapsATextMessageToMessageCreatedInTheDirectConversation() throws IOException {
    MeshEvent<EventData> event = single("text");

    assertThat(event.type()).isEqualTo(EventType.MESSAGE_CREATED);
    assertThat(event.key()).isEqualTo(CONVERSATION);
    assertThat(event.id())
        .isEqualTo(
            EventIds.forPlatformEvent(Platform.INSTAGRAM, EventType.MESSAGE_CREATED, FIRST_MID));
    assertThat(event.source().toString()).isEqualTo("/switchboard/instagram-adapter");
    MessageCreated created = (MessageCreated) event.data();
    assertThat(created.sender()).isEqualTo(AccountRef.of(Platform.INSTAGRAM, IGSID));
    assertThat(created.recipient()).isEqualTo(AccountRef.of(Platform.INSTAGRAM, ACCOUNT));
    assertThat(content(created).text()).isEqualTo("Is the blue one still available?");
    assertThat(created.sentAt()).isEqualTo(Instant.ofEpochMilli(1764072000123L));
    assertThat(created.receivedAt()).isEqualTo(NOW);
  }

  @Test
  void mapsAQuickReplyToAMessageWithTheTitleTapped() throws IOException {
    assertThat(content((MessageCreated) single("quick-reply").data()).text()).isEqualTo("Size M");
  }

  @Test
  void keepsTheMessageAReplyAnswers() throws IOException {
    assertThat(((MessageCreated) single("reply").data()).replyTo()).isEqualTo(FIRST_MID);
  }

  @ParameterizedTest
  @CsvSource({"image", "audio", "video", "file"})
  void mapsMediaToAMediaReferenceOfItsKind(String kind) throws IOException {
    PlainContent content = content((MessageCreated) single(kind).data());

    assertThat(content.attachments())
        .singleElement()
        .satisfies(
            media -> {
              assertThat(media.kind()).isEqualTo(kind);
              assertThat(media.url()).endsWith("-" + kind);
            });
  }

  @Test
  void mapsAReelToAVideoWithItsTitle() throws IOException {
    PlainContent content = content((MessageCreated) single("ig-reel").data());

    assertThat(content.attachments())
        .containsExactly(
            new MediaRef(
                "video",
                "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18325401123047562&signature=ReelSig",
                null,
                "Three ways to tie a scarf"));
  }

  @Test
  void mapsASharedPostToAFileWithItsCaption() throws IOException {
    PlainContent content = content((MessageCreated) single("share").data());

    assertThat(content.attachments())
        .singleElement()
        .satisfies(
            media -> {
              assertThat(media.kind()).isEqualTo("file");
              assertThat(media.url()).contains("asset_id=18139494541428835");
              assertThat(media.caption()).isEqualTo("New autumn collection, in store Friday");
            });
  }

  @Test
  void mapsAStoryMentionToAVisibleTextWithTheStoryLink() throws IOException {
    PlainContent content = content((MessageCreated) single("story-mention").data());

    assertThat(content.text())
        .startsWith("Mentioned you in their story: ")
        .endsWith("asset_id=17887623455012345&signature=StorySig");
    assertThat(content.fallback()).isTrue();
    assertThat(content.attachments()).isEmpty();
  }

  @Test
  void keepsTheStoryAStoryReplyAnswers() throws IOException {
    PlainContent content = content((MessageCreated) single("story-reply").data());

    assertThat(content.text()).isEqualTo("Love this look!");
    assertThat(content.storyReply())
        .isEqualTo(
            new StoryRef(
                "17887623455098765",
                "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17887623455098765&signature=ReplySig"));
  }

  @Test
  void mapsAReactionToReactionAddedWithTheEmoji() throws IOException {
    ReactionAdded added = (ReactionAdded) single("reaction-react").data();

    assertThat(added.messageId()).isEqualTo(FIRST_MID);
    assertThat(added.reaction()).isEqualTo("\u2764\ufe0f");
  }

  @Test
  void mapsAnUnreactToReactionRemoved() throws IOException {
    ReactionRemoved removed = (ReactionRemoved) single("reaction-unreact").data();

    assertThat(removed.messageId()).isEqualTo(FIRST_MID);
    assertThat(removed.removedAt()).isEqualTo(Instant.ofEpochMilli(1764072001000L));
  }

  @Test
  void mapsASeenMessageToAReadReceiptForThatMessage() throws IOException {
    Receipt receipt = (Receipt) single("seen").data();

    assertThat(receipt.status()).isEqualTo(ReceiptStatus.READ);
    assertThat(receipt.account()).isEqualTo(AccountRef.of(Platform.INSTAGRAM, IGSID));
    assertThat(receipt.messageIds()).containsExactly(FIRST_MID);
    assertThat(receipt.watermark()).isNull();
  }

  @Test
  void mapsAnEditToMessageEditedOfTheOriginalMessageOncePerEdit() throws IOException {
    MeshEvent<EventData> event = single("edit");

    MessageEdited edited = (MessageEdited) event.data();
    assertThat(edited.messageId()).isEqualTo(FIRST_MID);
    assertThat(((PlainContent) edited.content()).text())
        .isEqualTo("Is the navy one still available?");
    assertThat(event.id())
        .isEqualTo(map("edit").get(0).id())
        .isEqualTo(
            EventIds.forPlatformEvent(
                Platform.INSTAGRAM, EventType.MESSAGE_EDITED, FIRST_MID, "edit-2"));
  }

  @Test
  void mapsAnUnsendToMessageDeleted() throws IOException {
    MessageDeleted deleted = (MessageDeleted) single("unsend").data();

    assertThat(deleted.messageId()).isEqualTo(FIRST_MID);
    assertThat(deleted.sender()).isEqualTo(AccountRef.of(Platform.INSTAGRAM, IGSID));
    assertThat(deleted.deletedAt()).isEqualTo(Instant.ofEpochMilli(1764072001300L));
  }

  @Test
  void mapsTheAccountUnsendingItsOwnMessageToMessageDeletedByTheAccount() throws IOException {
    MeshEvent<EventData> event = single("echo-unsend");

    MessageDeleted deleted = (MessageDeleted) event.data();
    assertThat(deleted.conversationId()).isEqualTo(CONVERSATION);
    assertThat(deleted.sender()).isEqualTo(AccountRef.of(Platform.INSTAGRAM, ACCOUNT));
    assertThat(deleted.messageId()).endsWith("RWNob09mT3VyZDZD");
  }

  @Test
  void mapsAPostbackToAMessageWithTheButtonTitle() throws IOException {
    assertThat(content((MessageCreated) single("postback").data()).text())
        .isEqualTo("Talk to a person");
  }

  @Test
  void mapsAnEchoOfTheAccountsOwnSendToASentReceiptNotANewMessage() throws IOException {
    Receipt sent = (Receipt) single("echo").data();

    assertThat(sent.status()).isEqualTo(ReceiptStatus.SENT);
    assertThat(sent.conversationId()).isEqualTo(CONVERSATION);
    assertThat(sent.account()).isEqualTo(AccountRef.of(Platform.INSTAGRAM, ACCOUNT));
    assertThat(sent.messageIds()).singleElement().asString().endsWith("RWNob09mT3VyZDZD");
  }

  @Test
  void mapsAStandbyMessageLikeAnyOtherMessage() throws IOException {
    assertThat(content((MessageCreated) single("standby").data()).text()).isEqualTo("Hello?");
  }

  @Test
  void showsUnsupportedContentAsAVisibleFallback() throws IOException {
    PlainContent content = content((MessageCreated) single("unsupported").data());

    assertThat(content.text()).isNotBlank();
    assertThat(content.fallback()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"referral, referral", "comments, changes.comments"})
  void skipsAndCountsAnEventKindItDoesNotMap(String payload, String kind) throws IOException {
    assertThat(map(payload)).isEmpty();
    assertThat(
            meters
                .counter(MetaEventMapper.UNKNOWN_METER, "platform", "instagram", "kind", kind)
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void refusesAWebhookForAnotherObject() {
    assertThatThrownBy(() -> mapper.toEvents(new MetaWebhook("page", List.of())))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("instagram");
  }

  private MeshEvent<EventData> single(String kind) throws IOException {
    List<MeshEvent<EventData>> events = map(kind);
    assertThat(events).hasSize(1);
    MeshEvent<EventData> event = events.get(0);
    assertThatCode(() -> EventCodec.toTree(event.data())).doesNotThrowAnyException();
    return event;
  }

  private List<MeshEvent<EventData>> map(String kind) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/webhooks/instagram/" + kind + ".json")) {
      assertThat(in).as("payload %s", kind).isNotNull();
      return mapper.toEvents(json.readValue(in, MetaWebhook.class));
    }
  }

  private static PlainContent content(MessageCreated created) {
    return (PlainContent) created.content();
  }
}
