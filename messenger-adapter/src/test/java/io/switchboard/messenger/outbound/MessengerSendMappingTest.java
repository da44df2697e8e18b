package io.switchboard.messenger.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.adapter.outbound.OutboundPlan;
import io.switchboard.adapter.outbound.RateClass;
import io.switchboard.adapter.outbound.SendRequest;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageDeleted;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.data.Typing;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessengerSendMappingTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final String CONVERSATION = "messenger:PAGE_1:USER_1";
  private static final AccountRef PAGE = AccountRef.of(Platform.MESSENGER, "PAGE_1");
  private static final AccountRef USER = AccountRef.of(Platform.MESSENGER, "USER_1");

  private final MessengerSendMapping mapping =
      new MessengerSendMapping(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void sendsTextAsAResponseMessageFromThePageToTheRecipient() {
    OutboundPlan.Send send = send(message(PlainContent.text("Lunch at noon?")));

    assertThat(send.pageId()).isEqualTo("PAGE_1");
    assertThat(send.recipient()).isEqualTo(USER);
    assertThat(bodies(send))
        .containsExactly(
            new JsonObject(
                "{\"recipient\":{\"id\":\"USER_1\"},\"messaging_type\":\"RESPONSE\","
                    + "\"message\":{\"text\":\"Lunch at noon?\"}}"));
  }

  @Test
  void takesTheRecipientFromTheMessageWhenTheConversationIsNotDirect() {
    MessageCreated created =
        new MessageCreated(
            "conv-42", "mesh-1", PAGE, USER, PlainContent.text("hi"), null, null, null, NOW, NOW);

    OutboundPlan.Send send = send(created);

    assertThat(send.pageId()).isEqualTo("PAGE_1");
    assertThat(send.recipient()).isEqualTo(USER);
  }

  @Test
  void splitsTextLongerThanMessengerAllowsWithoutCuttingAnEmoji() {
    String text = "a".repeat(1999) + "😀" + "b".repeat(10);

    List<JsonObject> bodies = bodies(send(message(PlainContent.text(text))));

    assertThat(bodies).hasSize(2);
    assertThat(textOf(bodies.get(0))).isEqualTo("a".repeat(1999) + "😀");
    assertThat(textOf(bodies.get(1))).isEqualTo("b".repeat(10));
  }

  @Test
  void sendsEachAttachmentByUrlAsItsOwnCallAfterTheText() {
    PlainContent content =
        new PlainContent(
            "look",
            List.of(
                new MediaRef("image", "https://cdn.example/cat.jpg", "image/jpeg", null),
                new MediaRef("video", "https://cdn.example/cat.mp4", "video/mp4", "my cat")),
            null,
            false);

    OutboundPlan.Send send = send(message(content));

    List<JsonObject> bodies = bodies(send);
    assertThat(bodies).hasSize(4);
    assertThat(textOf(bodies.get(0))).isEqualTo("look");
    assertThat(bodies.get(1).getJsonObject("message").getJsonObject("attachment"))
        .isEqualTo(
            new JsonObject(
                "{\"type\":\"image\",\"payload\":{\"url\":\"https://cdn.example/cat.jpg\"}}"));
    assertThat(bodies.get(2).getJsonObject("message").getJsonObject("attachment").getString("type"))
        .isEqualTo("video");
    assertThat(send.requests().get(1).rateClass()).isEqualTo(RateClass.TEXT);
    assertThat(send.requests().get(2).rateClass()).isEqualTo(RateClass.MEDIA);
    assertThat(textOf(bodies.get(3))).as("the caption is not dropped").isEqualTo("my cat");
  }

  @Test
  void sendsStickersAndGifsAsImages() {
    assertThat(MessengerSendMapping.attachmentType("sticker")).isEqualTo("image");
    assertThat(MessengerSendMapping.attachmentType("gif")).isEqualTo("image");
    assertThat(MessengerSendMapping.attachmentType("file")).isEqualTo("file");
    assertThat(MessengerSendMapping.attachmentType("something-new")).isEqualTo("file");
  }

  @Test
  void neverSendsSealedContentInClear() {
    SealedContent sealed =
        new SealedContent(
            "HPKE-X25519-HKDF-SHA256-AES-128-GCM",
            "dev-1",
            List.of(new SealedEnvelope("dev-2", "ZW5j", "Y2lwaGVy")));

    OutboundPlan plan = mapping.plan(event(message(sealed)));

    assertThat(plan).isInstanceOf(OutboundPlan.Refuse.class);
    OutboundPlan.Refuse refuse = (OutboundPlan.Refuse) plan;
    assertThat(refuse.reason()).isEqualTo("recipient-has-no-e2e-endpoint");
    assertThat(refuse.recipient()).isEqualTo(USER);
  }

  @Test
  void refusesAMessageWithNothingToShow() {
    OutboundPlan plan =
        mapping.plan(event(message(new PlainContent(null, List.of(), null, false))));

    assertThat(plan)
        .isInstanceOfSatisfying(
            OutboundPlan.Refuse.class, r -> assertThat(r.reason()).isEqualTo("empty_message"));
  }

  @Test
  void crossesAnEditAsAVisibleFallbackText() {
    MessageEdited edit =
        new MessageEdited(CONVERSATION, "m_1", PAGE, PlainContent.text("noon-ish"), NOW, NOW);

    OutboundPlan.Send send = send(edit);

    assertThat(textOf(bodies(send).get(0))).isEqualTo("✏️ edited: noon-ish");
    assertThat(send.requests()).allMatch(SendRequest::fallback);
  }

  @Test
  void crossesAnUnsendAsAVisibleFallbackText() {
    OutboundPlan.Send send = send(new MessageDeleted(CONVERSATION, "m_1", PAGE, NOW, NOW));

    assertThat(textOf(bodies(send).get(0))).contains("unsent");
    assertThat(send.requests().get(0).fallback()).isTrue();
  }

  @Test
  void reactsAndUnreactsToTheNamedMessage() {
    JsonObject react =
        bodies(send(new ReactionAdded(CONVERSATION, "m_1", PAGE, "❤️", NOW, NOW))).get(0);
    JsonObject unreact =
        bodies(send(new ReactionRemoved(CONVERSATION, "m_1", PAGE, "❤️", NOW, NOW))).get(0);

    assertThat(react)
        .isEqualTo(
            new JsonObject(
                "{\"recipient\":{\"id\":\"USER_1\"},\"sender_action\":\"react\","
                    + "\"payload\":{\"message_id\":\"m_1\",\"reaction\":\"❤️\"}}"));
    assertThat(unreact.getString("sender_action")).isEqualTo("unreact");
    assertThat(unreact.getJsonObject("payload").getString("message_id")).isEqualTo("m_1");
  }

  @Test
  void turnsTypingOnAndOffUntilItExpires() {
    assertThat(action(new Typing(CONVERSATION, PAGE, true, NOW.plusSeconds(5))))
        .isEqualTo("typing_on");
    assertThat(action(new Typing(CONVERSATION, PAGE, false, NOW.plusSeconds(5))))
        .isEqualTo("typing_off");
    assertThat(mapping.plan(event(new Typing(CONVERSATION, PAGE, true, NOW.minusSeconds(1)))))
        .isInstanceOf(OutboundPlan.Skip.class);
  }

  @Test
  void marksSeenOnAReadReceiptAndIgnoresOtherStates() {
    assertThat(action(receipt(ReceiptStatus.READ))).isEqualTo("mark_seen");
    assertThat(mapping.plan(event(receipt(ReceiptStatus.DELIVERED))))
        .isInstanceOf(OutboundPlan.Skip.class);
  }

  @Test
  void refusesAnEventWhoseConversationNamesNoMessengerUser() {
    OutboundPlan plan =
        mapping.plan(event(new ReactionAdded("instagram:IG_1:U_1", "m_1", PAGE, "❤️", NOW, NOW)));

    assertThat(plan)
        .isInstanceOfSatisfying(
            OutboundPlan.Refuse.class, r -> assertThat(r.reason()).isEqualTo("no_recipient"));
  }

  private String action(EventData data) {
    return bodies(send(data)).get(0).getString("sender_action");
  }

  private static Receipt receipt(ReceiptStatus status) {
    return new Receipt(CONVERSATION, PAGE, status, List.of("m_1"), null, null, null, NOW, NOW);
  }

  private static MessageCreated message(io.switchboard.events.content.Content content) {
    return new MessageCreated(
        CONVERSATION, "mesh-1", PAGE, USER, content, null, null, null, NOW, NOW);
  }

  private OutboundPlan.Send send(EventData data) {
    OutboundPlan plan = mapping.plan(event(data));
    assertThat(plan).isInstanceOf(OutboundPlan.Send.class);
    return (OutboundPlan.Send) plan;
  }

  private static MeshEvent<EventData> event(EventData data) {
    return MeshEvent.of(EventIds.random(), MeshEvent.sourceOf("test"), NOW, data);
  }

  private static List<JsonObject> bodies(OutboundPlan.Send send) {
    return send.requests().stream().map(SendRequest::body).toList();
  }

  private static String textOf(JsonObject body) {
    return body.getJsonObject("message").getString("text");
  }
}
