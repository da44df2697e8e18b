package io.switchboard.instagram.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.adapter.testing.MetaOutboundConsumerContract;
import io.switchboard.adapter.testing.SendApiStandIn;
import io.switchboard.adapter.testing.SendApiStandIn.Call;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.MediaRef;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Records written to {@code outbound.instagram} by a plain Kafka producer, through the adapter, to
 * a stand-in of the Instagram Messaging API's Send API; plus what only Instagram needs: media it
 * cannot show crosses as a visible text.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
@QuarkusTestResource(
    value = SendApiStandIn.class,
    initArgs = @ResourceArg(name = "platform", value = "instagram"))
class InstagramOutboundConsumerTest extends MetaOutboundConsumerContract {
  @Override
  protected Platform platform() {
    return Platform.INSTAGRAM;
  }

  @Override
  protected String page() {
    return "17841400000000099";
  }

  @Override
  protected String accessToken() {
    return "test-instagram-access-token";
  }

  @Test
  void sendsAStickerAsAVisibleTextAndAnImageAsAnAttachment() throws Exception {
    String user = "IGSID_sticker_" + UUID.randomUUID();
    MediaRef sticker =
        new MediaRef("sticker", "https://cdn.example/stickers/wave.png", "image/png", null);
    MediaRef photo =
        new MediaRef("image", "https://cdn.example/photos/beach.jpg", "image/jpeg", null);
    MeshEvent<MessageCreated> event =
        message(user, new PlainContent("look", List.of(sticker, photo), null, false));

    try (TopicProbe status = probe(Topics.DELIVERY_STATUS)) {
      write(MeshEventRecords.toRecord(topic(), event));

      assertThat(receiptFor(status, event.data().conversationId()).status())
          .isEqualTo(ReceiptStatus.SENT);
      List<Call> calls = SendApiStandIn.callsTo(user);
      assertThat(calls).hasSize(3);
      assertThat(calls.get(0).body().getJsonObject("message").getString("text")).isEqualTo("look");
      assertThat(calls.get(1).body().getJsonObject("message").getString("text"))
          .contains("sticker")
          .contains("https://cdn.example/stickers/wave.png");
      assertThat(
              calls
                  .get(2)
                  .body()
                  .getJsonObject("message")
                  .getJsonObject("attachment")
                  .getString("type"))
          .isEqualTo("image");
    }
  }
}
