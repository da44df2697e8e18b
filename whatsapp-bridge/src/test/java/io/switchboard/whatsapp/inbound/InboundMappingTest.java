package io.switchboard.whatsapp.inbound;

import static io.restassured.RestAssured.given;
import static io.switchboard.whatsapp.Webhooks.BSUID;
import static io.switchboard.whatsapp.Webhooks.DIRECT;
import static io.switchboard.whatsapp.Webhooks.PHONE_NUMBER_ID;
import static io.switchboard.whatsapp.Webhooks.USER;
import static io.switchboard.whatsapp.Webhooks.wamid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.whatsapp.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each WhatsApp message type and status, from payloads shaped like Meta's webhook reference, posted
 * signed and read back from {@code inbound.whatsapp} on the real broker.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class InboundMappingTest {
  private static final AccountRef SHEENA = AccountRef.of(Platform.WHATSAPP, USER);
  private static final AccountRef BUSINESS = AccountRef.of(Platform.WHATSAPP, PHONE_NUMBER_ID);
  private static final Instant SENT_AT = Instant.ofEpochSecond(1749416383);
  private static final String GROUP_ID =
      "Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD";

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void aTextIsAMessageFromTheUserToTheBusinessNumber() {
    MeshEvent<EventData> event = publishOne("messages/text.json");
    String id = wamid("HBgLMTY1MDU1NTEyMzQVAgASGBQzVEVYVDAwMDAwMDAx");

    assertThat(event.id()).isEqualTo(Webhooks.eventId(EventType.MESSAGE_CREATED, id));
    assertThat(event.time()).isEqualTo(SENT_AT);
    assertThat(event.key()).isEqualTo(DIRECT);
    MessageCreated message = (MessageCreated) event.data();
    assertThat(message.messageId()).isEqualTo(id);
    assertThat(message.conversationId()).isEqualTo(DIRECT);
    assertThat(message.sender()).isEqualTo(SHEENA);
    assertThat(message.recipient()).isEqualTo(BUSINESS);
    assertThat(message.content()).isEqualTo(PlainContent.text("Does it come in another color?"));
    assertThat(message.replyTo()).isNull();
    assertThat(message.sentAt()).isEqualTo(SENT_AT);
    assertThat(message.receivedAt()).isAfter(SENT_AT);
  }

  @Test
  void contextIdIsTheMessageRepliedTo() {
    MessageCreated message = (MessageCreated) publishOne("messages/reply.json").data();

    assertThat(message.replyTo()).isEqualTo(wamid("HBgLMTY1MDU1NTEyMzQVAgARGBIUkVQTElFRFRPMDAx"));
    assertThat(plain(message).text()).isEqualTo("Yes, the blue one please");
  }

  @Test
  void anImageKeepsTheUrlTheWebhookGivesAndItsCaption() {
    assertThat(plain(publishOne("messages/image.json")).attachments())
        .containsExactly(
            new MediaRef(
                "image",
                "https://lookaside.fbsbx.com/whatsapp_business/attachments/"
                    + "?mid=2754859441498128&ext=1749416383&hash=ATtxZ0",
                "image/jpeg",
                "This is a caption"));
  }

  @Test
  void aVoiceMessageAnnouncedByIdOnlyIsReferencedThroughGraphsMediaEndpoint() {
    assertThat(plain(publishOne("messages/audio.json")).attachments())
        .containsExactly(
            new MediaRef(
                "audio",
                "https://graph.facebook.com/v21.0/1003383421387256",
                "audio/ogg; codecs=opus",
                null));
  }

  @Test
  void aVideoIsAVideo() {
    MediaRef video = plain(publishOne("messages/video.json")).attachments().get(0);

    assertThat(video.kind()).isEqualTo("video");
    assertThat(video.caption()).isEqualTo("Unboxing");
    assertThat(video.mimeType()).isEqualTo("video/mp4");
  }

  @Test
  void aDocumentIsAFileCaptionedWithItsFileName() {
    assertThat(plain(publishOne("messages/document.json")).attachments())
        .containsExactly(
            new MediaRef(
                "file",
                "https://graph.facebook.com/v21.0/1592478921542391",
                "application/pdf",
                "invoice-0042.pdf"));
  }

  @Test
  void aStickerIsASticker() {
    assertThat(plain(publishOne("messages/sticker.json")).attachments())
        .extracting(MediaRef::kind, MediaRef::mimeType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("sticker", "image/webp"));
  }

  @Test
  void aLocationCrossesAsAVisibleFallbackTextWithItsCoordinates() {
    PlainContent content = plain(publishOne("messages/location.json"));

    assertThat(content.fallback()).isTrue();
    assertThat(content.attachments()).isEmpty();
    assertThat(content.text())
        .isEqualTo(
            "\ud83d\udccd Location: 37.44216251868683, -122.16153582049394\n"
                + "Philz Coffee\n101 Forest Ave, Palo Alto, CA 94301");
  }

  @Test
  void aSharedContactCardIsContentAndCrossesAsAFallbackText() {
    PlainContent content = plain(publishOne("messages/contacts.json"));

    assertThat(content.fallback()).isTrue();
    assertThat(content.text())
        .isEqualTo("\ud83d\udc64 Contact: Barbara J. Johnson +1 (940) 555-1234 +1 (650) 555-1234");
  }

  @Test
  void aReplyButtonIsTheTitleTheUserSawAnsweringTheBusinessMessage() {
    MessageCreated message =
        (MessageCreated) publishOne("messages/interactive-button-reply.json").data();

    assertThat(message.content()).isEqualTo(PlainContent.text("Change"));
    assertThat(message.replyTo())
        .isEqualTo(wamid("HBgLMTY1MDU1NTEyMzQVAgARGBIQlVUVE9OU09VUkNFMQ=="));
  }

  @Test
  void aListChoiceIsTheTitleOfTheItem() {
    MessageCreated message =
        (MessageCreated) publishOne("messages/interactive-list-reply.json").data();

    assertThat(message.content()).isEqualTo(PlainContent.text("Priority Mail Express"));
    assertThat(message.replyTo())
        .isEqualTo(wamid("HBgLMTY1MDU1NTEyMzQVAgARGBITElTVFNPVVJDRTAwMQ=="));
  }

  @Test
  void aTemplateButtonIsItsText() {
    MessageCreated message = (MessageCreated) publishOne("messages/button.json").data();

    assertThat(message.content()).isEqualTo(PlainContent.text("Stop promotions"));
    assertThat(message.replyTo()).isNotNull();
  }

  @Test
  void anEmojiReactionIsAReactionToTheBusinessMessage() {
    MeshEvent<EventData> event = publishOne("messages/reaction.json");

    assertThat(event.id())
        .isEqualTo(
            Webhooks.eventId(
                EventType.REACTION_ADDED,
                wamid("HBgLMTY1MDU1NTEyMzQVAgASGBQzUkVBQ1RJT04wMDAwMQ==")));
    assertThat(event.data())
        .isEqualTo(
            new ReactionAdded(
                DIRECT,
                wamid("HBgLMTY1MDU1NTEyMzQVAgARGBIUkVBQ1RFRFRPMDAwMQ=="),
                SHEENA,
                "\u2764\ufe0f",
                SENT_AT,
                ((ReactionAdded) event.data()).receivedAt()));
  }

  @Test
  void anEmptyEmojiTakesTheReactionBack() {
    MeshEvent<EventData> event = publishOne("messages/reaction-removed.json");

    ReactionRemoved removed = (ReactionRemoved) event.data();
    assertThat(removed.messageId())
        .isEqualTo(wamid("HBgLMTY1MDU1NTEyMzQVAgARGBIUkVBQ1RFRFRPMDAwMQ=="));
    assertThat(removed.sender()).isEqualTo(SHEENA);
    assertThat(removed.reaction()).isNull();
    assertThat(removed.removedAt()).isEqualTo(Instant.ofEpochSecond(1749416400));
  }

  @Test
  void contentTheCloudApiCannotShowCrossesAsAVisibleFallback() {
    PlainContent content = plain(publishOne("messages/unsupported.json"));

    assertThat(content.fallback()).isTrue();
    assertThat(content.text()).isEqualTo(WhatsappContent.UNSUPPORTED_TEXT);
  }

  @Test
  void aUserWithoutAPhoneNumberIsKnownByTheirBusinessScopedId() {
    MessageCreated message = (MessageCreated) publishOne("messages/bsuid-only.json").data();

    assertThat(message.sender()).isEqualTo(AccountRef.of(Platform.WHATSAPP, BSUID));
    assertThat(message.conversationId()).isEqualTo("whatsapp:" + PHONE_NUMBER_ID + ":" + BSUID);
  }

  @Test
  void aGroupMessageBelongsToTheOpaqueGroupAndHasNoRecipient() {
    MeshEvent<EventData> event = publishOne("messages/group-text.json");

    MessageCreated message = (MessageCreated) event.data();
    assertThat(event.key()).isEqualTo("whatsapp:group:" + GROUP_ID);
    assertThat(message.conversationId()).isEqualTo("whatsapp:group:" + GROUP_ID);
    assertThat(message.sender()).isEqualTo(SHEENA);
    assertThat(message.recipient()).isNull();
  }

  @Test
  void unknownMessageTypesAndChangesAreCountedNotPublished() {
    for (String file :
        List.of(
            "messages/system.json",
            "messages/interactive-flow-reply.json",
            "changes/account-update.json")) {
      try (TopicProbe probe = Webhooks.probe()) {
        Webhooks.post(Webhooks.load(file)).statusCode(200).body("accepted", equalTo(0));
        assertThat(probe.unread()).as(file).isZero();
      }
    }

    List<String> unknown =
        Arrays.stream(given().when().get("/q/metrics").then().extract().asString().split("\n"))
            .filter(line -> line.startsWith("switchboard_webhook_unknown_total"))
            .filter(line -> line.contains("platform=\"whatsapp\""))
            .toList();
    assertThat(unknown)
        .anyMatch(line -> line.contains("kind=\"message.system\""))
        .anyMatch(line -> line.contains("kind=\"interactive.nfm_reply\""))
        .anyMatch(line -> line.contains("kind=\"changes.account_update\""));
  }

  @Test
  void aSentStatusIsASentReceiptOfTheBusinessMessage() {
    MeshEvent<EventData> event = publishOne("statuses/sent.json");
    String id = wamid("HBgLMTY1MDU1NTEyMzQVAgARGBIU0VOVDAwMDAwMDAx");

    assertThat(event.id()).isEqualTo(Webhooks.eventId(EventType.RECEIPT, id, "sent", USER));
    Receipt receipt = (Receipt) event.data();
    assertThat(receipt.conversationId()).isEqualTo(DIRECT);
    assertThat(receipt.account()).isEqualTo(SHEENA);
    assertThat(receipt.status()).isEqualTo(ReceiptStatus.SENT);
    assertThat(receipt.messageIds()).containsExactly(id);
    assertThat(receipt.reportedAt()).isEqualTo(Instant.ofEpochSecond(1750263773));
    assertThat(receipt.errorCode()).isNull();
  }

  @Test
  void deliveredAndReadStatusesAreThoseReceipts() {
    assertThat(((Receipt) publishOne("statuses/delivered.json").data()).status())
        .isEqualTo(ReceiptStatus.DELIVERED);
    assertThat(((Receipt) publishOne("statuses/read.json").data()).status())
        .isEqualTo(ReceiptStatus.READ);
  }

  @Test
  void aPlayedVoiceMessageCountsAsRead() {
    MeshEvent<EventData> event = publishOne("statuses/played.json");
    String id = wamid("HBgLMTY1MDU1NTEyMzQVAgARGBIUExBWUVEMDAwMDAx");

    assertThat(((Receipt) event.data()).status()).isEqualTo(ReceiptStatus.READ);
    // Its own event, apart from a read of the same message.
    assertThat(event.id()).isEqualTo(Webhooks.eventId(EventType.RECEIPT, id, "played", USER));
  }

  @Test
  void aFailureCarriesWhatsappsErrorCodeAndNothingElse() {
    Receipt receipt = (Receipt) publishOne("statuses/failed.json").data();

    assertThat(receipt.status()).isEqualTo(ReceiptStatus.FAILED);
    assertThat(receipt.errorCode()).isEqualTo("131026");
    assertThat(receipt.errorReason()).isNull();
  }

  @Test
  void aGroupMembersReadIsReportedByThatMemberInTheGroup() {
    Receipt receipt = (Receipt) publishOne("statuses/group-read.json").data();

    assertThat(receipt.conversationId()).isEqualTo("whatsapp:group:" + GROUP_ID);
    assertThat(receipt.account()).isEqualTo(AccountRef.of(Platform.WHATSAPP, "16315551181"));
    assertThat(receipt.status()).isEqualTo(ReceiptStatus.READ);
  }

  private static MeshEvent<EventData> publishOne(String file) {
    try (TopicProbe probe = Webhooks.probe()) {
      Webhooks.post(Webhooks.load(file)).statusCode(200).body("accepted", equalTo(1));
      List<MeshEvent<EventData>> events = Webhooks.events(probe.await(1, Duration.ofSeconds(10)));
      assertThat(probe.drain(Duration.ofMillis(200))).isEmpty();
      return events.get(0);
    }
  }

  private static PlainContent plain(MeshEvent<EventData> event) {
    return plain((MessageCreated) event.data());
  }

  private static PlainContent plain(MessageCreated message) {
    return (PlainContent) message.content();
  }
}
