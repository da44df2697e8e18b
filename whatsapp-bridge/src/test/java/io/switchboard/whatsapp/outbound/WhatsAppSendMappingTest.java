package io.switchboard.whatsapp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.adapter.outbound.OutboundPlan;
import io.switchboard.adapter.outbound.RateClass;
import io.switchboard.adapter.outbound.SendRequest;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.Content;
import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.content.StoryRef;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.MessageDeleted;
import io.switchboard.events.data.MessageEdited;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.data.Typing;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhatsAppSendMappingTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String PHONE = "106540352242922";
  private static final String USER = "16505551234";
  private static final String CONVERSATION = "whatsapp:" + PHONE + ":" + USER;
  private static final AccountRef BUSINESS = AccountRef.of(Platform.WHATSAPP, PHONE);

  private final LastUserMessages last = new LastUserMessages();
  private final WhatsAppSendMapping mapping =
      new WhatsAppSendMapping(Clock.fixed(NOW, ZoneOffset.UTC), last);

  @Test
  void sendsATextFromThePhoneNumberToTheUserWithTheReplyContext() {
    OutboundPlan.Send send = send(created(PlainContent.text("hello"), "wamid.Q"));

    assertThat(send.pageId()).isEqualTo(PHONE);
    assertThat(send.recipient()).isEqualTo(AccountRef.of(Platform.WHATSAPP, USER));
    assertThat(bodies(send))
        .containsExactly(
            new JsonObject()
                .put("messaging_product", "whatsapp")
                .put("recipient_type", "individual")
                .put("to", USER)
                .put("context", new JsonObject().put("message_id", "wamid.Q"))
                .put("type", "text")
                .put("text", new JsonObject().put("body", "hello")));
    assertThat(send.requests()).extracting(SendRequest::fallback).containsExactly(false);
  }

  @Test
  void splitsALongTextAt4096CharactersWithoutCuttingAnEmojiAndRepliesOnlyOnce() {
    String text = "a".repeat(4095) + "😀" + "b".repeat(10);

    List<JsonObject> bodies = bodies(send(created(PlainContent.text(text), "wamid.Q")));

    assertThat(bodies).hasSize(2);
    String first = bodies.get(0).getJsonObject("text").getString("body");
    assertThat(first.codePointCount(0, first.length())).isEqualTo(4096);
    assertThat(first).endsWith("😀");
    assertThat(bodies.get(1).getJsonObject("text").getString("body")).isEqualTo("b".repeat(10));
    assertThat(bodies.get(0).containsKey("context")).isTrue();
    assertThat(bodies.get(1).containsKey("context")).isFalse();
  }

  @Test
  void sendsMediaByLinkWithTheCaptionWhereWhatsAppTakesOne() {
    PlainContent content =
        new PlainContent(
            null,
            List.of(
                new MediaRef("image", "https://cdn.example/cat.jpg", "image/jpeg", "my cat"),
                new MediaRef("audio", "https://cdn.example/hi.ogg", "audio/ogg", "listen"),
                new MediaRef("file", "https://cdn.example/docs/menu.pdf?x=1", null, "menu"),
                new MediaRef("video", "https://cdn.example/v.mp4", "video/mp4", null)),
            null,
            false);

    List<JsonObject> bodies = bodies(send(created(content, null)));

    assertThat(bodies)
        .extracting(b -> b.getString("type"))
        .containsExactly("image", "audio", "text", "document", "video");
    assertThat(bodies.get(0).getJsonObject("image"))
        .isEqualTo(
            new JsonObject().put("link", "https://cdn.example/cat.jpg").put("caption", "my cat"));
    assertThat(bodies.get(1).getJsonObject("audio"))
        .isEqualTo(new JsonObject().put("link", "https://cdn.example/hi.ogg"));
    assertThat(bodies.get(2).getJsonObject("text").getString("body")).isEqualTo("listen");
    assertThat(bodies.get(3).getJsonObject("document"))
        .isEqualTo(
            new JsonObject()
                .put("link", "https://cdn.example/docs/menu.pdf?x=1")
                .put("filename", "menu.pdf")
                .put("caption", "menu"));
    assertThat(bodies.get(4).getJsonObject("video"))
        .isEqualTo(new JsonObject().put("link", "https://cdn.example/v.mp4"));
  }

  @Test
  void sendsWebpStickersAsStickersOtherStickersAsImagesAndGifsAsVisibleLinks() {
    PlainContent content =
        new PlainContent(
            null,
            List.of(
                new MediaRef("sticker", "https://cdn.example/s.webp", "image/webp", null),
                new MediaRef("sticker", "https://cdn.example/s.png", "image/png", null),
                new MediaRef("image", "https://cdn.example/dance.gif", "image/gif", "wow"),
                new MediaRef("video", null, null, null)),
            null,
            false);

    OutboundPlan.Send send = send(created(content, null));
    List<JsonObject> bodies = bodies(send);

    assertThat(bodies.get(0).getString("type")).isEqualTo("sticker");
    assertThat(bodies.get(0).getJsonObject("sticker"))
        .isEqualTo(new JsonObject().put("link", "https://cdn.example/s.webp"));
    assertThat(bodies.get(1).getString("type")).isEqualTo("image");
    assertThat(bodies.get(2).getJsonObject("text").getString("body"))
        .isEqualTo("🖼️ gif: https://cdn.example/dance.gif");
    assertThat(bodies.get(3).getJsonObject("text").getString("body")).isEqualTo("wow");
    assertThat(bodies.get(4).getJsonObject("text").getString("body"))
        .isEqualTo("📎 video (not available)");
    assertThat(send.requests())
        .extracting(SendRequest::fallback)
        .containsExactly(false, false, true, true, true);
  }

  @Test
  void sendsAStoryReplyAsAVisibleTextBeforeTheMessage() {
    PlainContent content =
        new PlainContent("nice", List.of(), new StoryRef("st1", "https://cdn.example/st"), false);

    List<JsonObject> bodies = bodies(send(created(content, "wamid.Q")));

    assertThat(bodies)
        .extracting(b -> b.getJsonObject("text").getString("body"))
        .containsExactly("↩️ replied to https://cdn.example/st", "nice");
    assertThat(bodies.get(0).getJsonObject("context").getString("message_id")).isEqualTo("wamid.Q");
    assertThat(bodies.get(1).containsKey("context")).isFalse();
  }

  @Test
  void sendsSealedContentInTheSealedDialectNeverInClear() {
    SealedContent sealed =
        new SealedContent(
            "HPKE-X25519-HKDF-SHA256-AES-128-GCM",
            "dk_sender",
            List.of(
                new SealedEnvelope("dk_a", "ZW5jQQ==", "Y2lwaGVyQQ=="),
                new SealedEnvelope("dk_b", "ZW5jQg==", "Y2lwaGVyQg==")));
    MeshEvent<EventData> event = created(sealed, "wamid.Q");

    OutboundPlan.Send send = send(event);

    assertThat(bodies(send))
        .containsExactly(
            new JsonObject()
                .put("messaging_product", "whatsapp")
                .put("recipient_type", "individual")
                .put("to", USER)
                .put("context", new JsonObject().put("message_id", "wamid.Q"))
                .put("type", "sealed")
                .put(
                    "sealed",
                    new JsonObject()
                        .put("algorithm", "HPKE-X25519-HKDF-SHA256-AES-128-GCM")
                        .put("sender_device_key_id", "dk_sender")
                        .put("message_id", ((MessageCreated) event.data()).messageId())
                        .put(
                            "envelopes",
                            new JsonArray()
                                .add(envelope("dk_a", "ZW5jQQ==", "Y2lwaGVyQQ=="))
                                .add(envelope("dk_b", "ZW5jQg==", "Y2lwaGVyQg==")))));
  }

  @Test
  void sendsEditsAndUnsendsAsVisibleTexts() {
    MeshEvent<EventData> edit =
        event(
            new MessageEdited(
                CONVERSATION, "mesh-1", BUSINESS, PlainContent.text("at one"), NOW, NOW));
    MeshEvent<EventData> unsend =
        event(new MessageDeleted(CONVERSATION, "mesh-1", BUSINESS, NOW, NOW));

    OutboundPlan.Send edited = send(edit);
    OutboundPlan.Send unsent = send(unsend);

    assertThat(bodies(edited).get(0).getJsonObject("text").getString("body"))
        .isEqualTo("✏️ edited: at one");
    assertThat(bodies(unsent).get(0).getJsonObject("text").getString("body"))
        .isEqualTo("🚫 message unsent");
    assertThat(edited.requests().get(0).fallback()).isTrue();
    assertThat(unsent.requests().get(0).fallback()).isTrue();
  }

  @Test
  void sendsReactionsAndRemovesThemWithAnEmptyEmoji() {
    JsonObject added =
        bodies(send(event(new ReactionAdded(CONVERSATION, "wamid.M", BUSINESS, "👍", NOW, NOW))))
            .get(0);
    JsonObject removed =
        bodies(send(event(new ReactionRemoved(CONVERSATION, "wamid.M", BUSINESS, null, NOW, NOW))))
            .get(0);

    assertThat(added.getString("type")).isEqualTo("reaction");
    assertThat(added.getJsonObject("reaction"))
        .isEqualTo(new JsonObject().put("message_id", "wamid.M").put("emoji", "👍"));
    assertThat(removed.getJsonObject("reaction"))
        .isEqualTo(new JsonObject().put("message_id", "wamid.M").put("emoji", ""));
  }

  @Test
  void marksTheLastMessageOfAReadReceiptReadAndShowsTypingOnIt() {
    assertThat(mapping.plan(typing(true, NOW.plusSeconds(20))))
        .as("no message of the user known yet")
        .isInstanceOf(OutboundPlan.Skip.class);

    JsonObject read = bodies(send(read(List.of("wamid.A", "wamid.B"), null))).get(0);
    JsonObject typing = bodies(send(typing(true, NOW.plusSeconds(20)))).get(0);

    assertThat(read)
        .isEqualTo(
            new JsonObject()
                .put("messaging_product", "whatsapp")
                .put("status", "read")
                .put("message_id", "wamid.B"));
    assertThat(typing)
        .isEqualTo(read.copy().put("typing_indicator", new JsonObject().put("type", "text")));
    assertThat(mapping.plan(typing(false, NOW.plusSeconds(20))))
        .isInstanceOf(OutboundPlan.Skip.class);
    assertThat(mapping.plan(typing(true, NOW.minusSeconds(1))))
        .isInstanceOf(OutboundPlan.Skip.class);
  }

  @Test
  void marksTheUsersLastKnownMessageForAWatermarkAndSkipsOtherReceipts() {
    assertThat(mapping.plan(read(List.of(), NOW))).isInstanceOf(OutboundPlan.Skip.class);
    last.remember(CONVERSATION, "wamid.LAST");

    assertThat(bodies(send(read(List.of(), NOW))).get(0).getString("message_id"))
        .isEqualTo("wamid.LAST");
    Receipt delivered =
        new Receipt(
            CONVERSATION,
            BUSINESS,
            ReceiptStatus.DELIVERED,
            List.of("wamid.X"),
            null,
            null,
            null,
            NOW,
            NOW);
    assertThat(mapping.plan(event(delivered))).isInstanceOf(OutboundPlan.Skip.class);
  }

  @Test
  void sendsToABusinessScopedUserId() {
    String bsuid = "US.13491208655302741918";
    MessageCreated created =
        new MessageCreated(
            "whatsapp:" + PHONE + ":" + bsuid,
            "mesh-2",
            BUSINESS,
            null,
            PlainContent.text("hi"),
            null,
            null,
            null,
            NOW,
            NOW);

    assertThat(bodies(send(event(created))).get(0).getString("to")).isEqualTo(bsuid);
  }

  @Test
  void refusesGroupsAndForeignConversationsWithoutARecipientAndSkipsTheirTyping() {
    MessageCreated group =
        new MessageCreated(
            "whatsapp:group:8c2f1e",
            "mesh-3",
            BUSINESS,
            null,
            PlainContent.text("hi all"),
            null,
            null,
            null,
            NOW,
            NOW);
    MessageCreated messenger =
        new MessageCreated(
            "messenger:PAGE:PSID",
            "mesh-4",
            BUSINESS,
            null,
            PlainContent.text("hi"),
            null,
            null,
            null,
            NOW,
            NOW);

    OutboundPlan refused = mapping.plan(event(group));

    assertThat(refused).isInstanceOf(OutboundPlan.Refuse.class);
    assertThat(((OutboundPlan.Refuse) refused).recipient()).isNull();
    assertThat(((OutboundPlan.Refuse) refused).reason()).isEqualTo("no_recipient");
    assertThat(mapping.plan(event(messenger))).isInstanceOf(OutboundPlan.Refuse.class);
    assertThat(
            mapping.plan(
                event(new Typing("whatsapp:group:8c2f1e", BUSINESS, true, NOW.plusSeconds(9)))))
        .isInstanceOf(OutboundPlan.Skip.class);
  }

  @Test
  void everyCallCountsAgainstThePhoneNumbersOneBucket() {
    PlainContent content =
        new PlainContent(
            "look",
            List.of(new MediaRef("video", "https://cdn.example/v.mp4", "video/mp4", null)),
            null,
            false);

    assertThat(send(created(content, null)).requests())
        .extracting(SendRequest::rateClass)
        .containsOnly(RateClass.TEXT);
  }

  @Test
  void refusesAnEmptyMessageToTheUser() {
    OutboundPlan plan = mapping.plan(created(new PlainContent("", List.of(), null, false), null));

    assertThat(plan).isInstanceOf(OutboundPlan.Refuse.class);
    assertThat(((OutboundPlan.Refuse) plan).reason()).isEqualTo("empty_message");
    assertThat(((OutboundPlan.Refuse) plan).recipient())
        .isEqualTo(AccountRef.of(Platform.WHATSAPP, USER));
  }

  private static JsonObject envelope(String keyId, String enc, String ciphertext) {
    return new JsonObject()
        .put("recipient_device_key_id", keyId)
        .put("enc", enc)
        .put("ciphertext", ciphertext);
  }

  private OutboundPlan.Send send(MeshEvent<EventData> event) {
    OutboundPlan plan = mapping.plan(event);
    assertThat(plan).isInstanceOf(OutboundPlan.Send.class);
    return (OutboundPlan.Send) plan;
  }

  private static List<JsonObject> bodies(OutboundPlan.Send send) {
    return send.requests().stream().map(SendRequest::body).toList();
  }

  private static MeshEvent<EventData> created(Content content, String replyTo) {
    return event(
        new MessageCreated(
            CONVERSATION,
            "mesh-" + EventIds.random(),
            BUSINESS,
            AccountRef.of(Platform.WHATSAPP, USER),
            content,
            replyTo,
            null,
            null,
            NOW,
            NOW));
  }

  private static MeshEvent<EventData> typing(boolean on, Instant expiresAt) {
    return event(
        new Typing(CONVERSATION, AccountRef.of(Platform.MESSENGER, "PSID"), on, expiresAt));
  }

  private static MeshEvent<EventData> read(List<String> ids, Instant watermark) {
    return event(
        new Receipt(
            CONVERSATION,
            AccountRef.of(Platform.MESSENGER, "PSID"),
            ReceiptStatus.READ,
            ids,
            watermark,
            null,
            null,
            NOW,
            NOW));
  }

  private static MeshEvent<EventData> event(EventData data) {
    return MeshEvent.of(EventIds.random(), MeshEvent.sourceOf("gateway-service"), NOW, data);
  }
}
