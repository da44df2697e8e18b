package io.switchboard.adapter.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.ReactionAdded;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Instagram flavour of the Meta mapping; Messenger's is tested in messenger-adapter. */
class MetaSendMappingTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final String CONVERSATION = "instagram:IG_1:IGSID_1";
  private static final AccountRef ACCOUNT = AccountRef.of(Platform.INSTAGRAM, "IG_1");
  private static final AccountRef USER = AccountRef.of(Platform.INSTAGRAM, "IGSID_1");

  private final MetaSendMapping instagram =
      new MetaSendMapping(
          Platform.INSTAGRAM, Clock.fixed(NOW, ZoneOffset.UTC), Set.of("sticker", "gif"));

  @Test
  void crossesStickersAndGifsToInstagramAsVisibleTextWithTheUrl() {
    PlainContent content =
        new PlainContent(
            null,
            List.of(
                new MediaRef("sticker", "https://cdn.example/wave.webp", "image/webp", null),
                new MediaRef("image", "https://cdn.example/dance.gif", "image/gif", null),
                new MediaRef("image", "https://cdn.example/cat.jpg", "image/jpeg", null)),
            null,
            false);

    OutboundPlan.Send send = send(content);

    assertThat(send.requests()).hasSize(3);
    assertThat(text(send.requests().get(0)))
        .contains("sticker")
        .contains("https://cdn.example/wave.webp");
    assertThat(send.requests().get(0).fallback()).isTrue();
    assertThat(text(send.requests().get(1))).contains("gif").contains("dance.gif");
    assertThat(send.requests().get(1).fallback()).isTrue();
    assertThat(
            send.requests()
                .get(2)
                .body()
                .getJsonObject("message")
                .getJsonObject("attachment")
                .getString("type"))
        .isEqualTo("image");
  }

  @Test
  void addressesTheInstagramAccountAndUserOfTheConversation() {
    OutboundPlan.Send send = send(PlainContent.text("hi"));

    assertThat(send.pageId()).isEqualTo("IG_1");
    assertThat(send.recipient()).isEqualTo(USER);
    assertThat(send.requests().get(0).body().getJsonObject("recipient").getString("id"))
        .isEqualTo("IGSID_1");
  }

  @Test
  void refusesAConversationOfAnotherPlatform() {
    OutboundPlan plan =
        instagram.plan(event(new ReactionAdded("messenger:P:U", "m_1", ACCOUNT, "❤️", NOW, NOW)));

    assertThat(plan).isInstanceOf(OutboundPlan.Refuse.class);
  }

  private OutboundPlan.Send send(PlainContent content) {
    MessageCreated created =
        new MessageCreated(
            CONVERSATION, "mesh-1", ACCOUNT, USER, content, null, null, null, NOW, NOW);
    OutboundPlan plan = instagram.plan(event(created));
    assertThat(plan).isInstanceOf(OutboundPlan.Send.class);
    return (OutboundPlan.Send) plan;
  }

  private static String text(SendRequest request) {
    JsonObject message = request.body().getJsonObject("message");
    return message.getString("text");
  }

  private static MeshEvent<EventData> event(EventData data) {
    return MeshEvent.of(EventIds.random(), MeshEvent.sourceOf("test"), NOW, data);
  }
}
