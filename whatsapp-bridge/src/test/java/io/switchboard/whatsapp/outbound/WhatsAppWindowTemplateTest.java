package io.switchboard.whatsapp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.kafka.SwitchboardHeaders;
import io.switchboard.events.topics.Topics;
import io.switchboard.whatsapp.outbound.CloudApiStandIn.Call;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * With a window template configured, a message WhatsApp refuses as outside the 24-hour window is
 * replaced by the template, once, and reported sent with a note.
 */
@QuarkusTest
@TestProfile(WhatsAppWindowTemplateTest.WithTemplate.class)
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
@QuarkusTestResource(CloudApiStandIn.class)
class WhatsAppWindowTemplateTest extends OutboundRecords {
  static final String TEMPLATE = "switchboard_reply_waiting";

  /** The test profile plus a window template. */
  public static class WithTemplate implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "switchboard.whatsapp.window-template.name",
          TEMPLATE,
          "switchboard.whatsapp.window-template.language",
          "en_GB");
    }
  }

  @Test
  void sendsTheTemplateOnceInPlaceOfTheMessageAndReportsSentWithANote() throws Exception {
    String user = freshUser();
    CloudApiStandIn.script(user, CloudApiStandIn.error(400, 131047, "Re-engagement message"));
    // Two parts: the template stands in for both, so the second is never tried.
    MeshEvent<MessageCreated> event =
        message(user, PlainContent.text("x".repeat(WhatsAppSendMapping.MAX_TEXT + 10)), null);

    try (Probe status = probe(Topics.DELIVERY_STATUS);
        Probe dlq = probe(DLQ)) {
      write(event);

      Receipt receipt = status.receiptFor(conversation(user));
      assertThat(receipt.status()).isEqualTo(ReceiptStatus.SENT);
      assertThat(receipt.errorCode()).isNull();
      assertThat(receipt.errorReason()).contains("24-hour window").contains(TEMPLATE);
      assertThat(receipt.messageIds()).hasSize(2).first().isEqualTo(event.data().messageId());

      List<Call> calls = CloudApiStandIn.callsTo(user);
      assertThat(calls).hasSize(2);
      assertThat(calls.get(0).body().getString("type")).isEqualTo("text");
      assertThat(calls.get(1).body())
          .isEqualTo(
              new JsonObject()
                  .put("messaging_product", "whatsapp")
                  .put("recipient_type", "individual")
                  .put("to", user)
                  .put("type", "template")
                  .put(
                      "template",
                      new JsonObject()
                          .put("name", TEMPLATE)
                          .put("language", new JsonObject().put("code", "en_GB"))));
      assertThat(receipt.messageIds().get(1)).startsWith("wamid.standin_");
      assertThat(dlq.drain(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void aRefusedTemplateEndsTheMessageFailedOutsideTheWindow() throws Exception {
    String user = freshUser();
    CloudApiStandIn.script(
        user,
        CloudApiStandIn.error(400, 131047, "Re-engagement message"),
        CloudApiStandIn.error(404, 132001, "Template name does not exist in the translation"));
    MeshEvent<MessageCreated> event = message(user, PlainContent.text("are you there"), null);

    try (Probe status = probe(Topics.DELIVERY_STATUS);
        Probe dlq = probe(DLQ)) {
      ProducerRecord<String, byte[]> record = write(event);

      ConsumerRecord<String, byte[]> dead = dlq.recordFor(record.key());
      assertThat(header(dead, SwitchboardHeaders.DLQ_REASON)).isEqualTo("outside_window");
      assertThat(header(dead, SwitchboardHeaders.DLQ_EXPLANATION))
          .contains("131047")
          .contains("132001");
      assertThat(header(dead, SwitchboardHeaders.DLQ_ATTEMPTS)).isEqualTo("2");
      Receipt receipt = status.receiptFor(record.key());
      assertThat(receipt.status()).isEqualTo(ReceiptStatus.FAILED);
      assertThat(receipt.errorCode()).isEqualTo("outside_window");
      assertThat(CloudApiStandIn.callsTo(user)).hasSize(2);
    }
  }
}
