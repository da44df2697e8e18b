package io.switchboard.whatsapp.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.AccountRef;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.data.ReactionAdded;
import io.switchboard.events.data.ReactionRemoved;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.data.Typing;
import io.switchboard.events.kafka.CloudEventHeaders;
import io.switchboard.events.kafka.SwitchboardHeaders;
import io.switchboard.events.sealed.DevicePrivateKey;
import io.switchboard.events.sealed.SealedMessages;
import io.switchboard.events.topics.Topics;
import io.switchboard.whatsapp.outbound.CloudApiStandIn.Call;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Records written to {@code outbound.whatsapp} by a plain Kafka producer, through the bridge, to a
 * stand-in Cloud API, with outcomes on {@code delivery.status} and the dead-letter topic. No window
 * template is configured here ({@link WhatsAppWindowTemplateTest} has one).
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
@QuarkusTestResource(CloudApiStandIn.class)
class WhatsAppOutboundConsumerTest extends OutboundRecords {
  @Test
  void deliversATextWithTheBearerTokenAndReportsSent() throws Exception {
    String user = freshUser();
    MeshEvent<MessageCreated> event =
        message(user, PlainContent.text("Lunch at noon?"), "wamid.USER_QUESTION");

    try (Probe status = probe(Topics.DELIVERY_STATUS)) {
      write(event);

      Receipt receipt = status.receiptFor(conversation(user));
      Call call = CloudApiStandIn.callsTo(user).get(0);
      assertThat(call.path()).isEqualTo("/whatsapp/v21.0/" + PHONE_NUMBER_ID + "/messages");
      assertThat(call.authorization()).isEqualTo("Bearer " + TOKEN);
      assertThat(call.body())
          .isEqualTo(
              new JsonObject()
                  .put("messaging_product", "whatsapp")
                  .put("recipient_type", "individual")
                  .put("to", user)
                  .put("context", new JsonObject().put("message_id", "wamid.USER_QUESTION"))
                  .put("type", "text")
                  .put("text", new JsonObject().put("body", "Lunch at noon?")));

      assertThat(receipt.status()).isEqualTo(ReceiptStatus.SENT);
      assertThat(receipt.account()).isEqualTo(AccountRef.of(Platform.WHATSAPP, user));
      assertThat(receipt.messageIds().get(0)).isEqualTo(event.data().messageId());
      assertThat(receipt.messageIds().get(1)).startsWith("wamid.standin_");
      assertThat(receipt.errorReason()).isNull();
    }
  }

  @Test
  void retriesTheThroughputLimitTwiceThenDeliversAndReportsSent() throws Exception {
    String user = freshUser();
    CloudApiStandIn.script(
        user,
        CloudApiStandIn.error(429, 130429, "Rate limit hit"),
        CloudApiStandIn.error(429, 130429, "Rate limit hit"));
    MeshEvent<MessageCreated> event = message(user, PlainContent.text("Still there?"), null);

    try (Probe status = probe(Topics.DELIVERY_STATUS);
        Probe dlq = probe(DLQ)) {
      write(event);

      Receipt receipt = status.receiptFor(conversation(user));
      assertThat(receipt.status()).isEqualTo(ReceiptStatus.SENT);
      List<Call> calls = CloudApiStandIn.callsTo(user);
      assertThat(calls).hasSize(3);
      assertThat(calls).extracting(Call::raw).containsOnly(calls.get(0).raw());
      assertThat(dlq.drain(Duration.ofMillis(300))).isEmpty();
    }
  }

  @Test
  void waitsLongerAfterThePairRateLimitThenDelivers() throws Exception {
    String user = freshUser();
    CloudApiStandIn.script(
        user,
        CloudApiStandIn.error(
            429, 131056, "(Business Account, Consumer Account) pair rate limit hit"));
    MeshEvent<MessageCreated> event = message(user, PlainContent.text("one more"), null);

    try (Probe status = probe(Topics.DELIVERY_STATUS)) {
      write(event);

      assertThat(status.receiptFor(conversation(user)).status()).isEqualTo(ReceiptStatus.SENT);
      List<Call> calls = CloudApiStandIn.callsTo(user);
      assertThat(calls).hasSize(2);
      // The test profile's pair-rate backoff is 50 ms; other retries wait at most 20 ms at first.
      assertThat(Duration.ofNanos(calls.get(1).nanoTime() - calls.get(0).nanoTime()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }
  }

  @Test
  void outsideTheWindowWithoutATemplateReportsFailedAndDeadLetters() throws Exception {
    String user = freshUser();
    CloudApiStandIn.script(user, CloudApiStandIn.error(400, 131047, "Re-engagement message"));
    MeshEvent<MessageCreated> event = message(user, PlainContent.text("Sorry for the delay"), null);

    try (Probe status = probe(Topics.DELIVERY_STATUS);
        Probe dlq = probe(DLQ)) {
      ProducerRecord<String, byte[]> record = write(event);

      ConsumerRecord<String, byte[]> dead = dlq.recordFor(record.key());
      assertThat(dead.value()).isEqualTo(record.value());
      assertThat(header(dead, SwitchboardHeaders.DLQ_REASON)).isEqualTo("outside_window");
      assertThat(header(dead, SwitchboardHeaders.DLQ_EXPLANATION)).contains("131047");
      assertThat(header(dead, SwitchboardHeaders.DLQ_ATTEMPTS)).isEqualTo("1");
      assertThat(header(dead, SwitchboardHeaders.DLQ_STATUS)).isEqualTo("400");
      assertThat(header(dead, CloudEventHeaders.ID)).isEqualTo(event.id());

      Receipt receipt = status.receiptFor(record.key());
      assertThat(receipt.status()).isEqualTo(ReceiptStatus.FAILED);
      assertThat(receipt.errorCode()).isEqualTo("outside_window");
      assertThat(receipt.errorReason()).contains("131047").doesNotContain("Sorry for the delay");
      assertThat(CloudApiStandIn.callsTo(user)).hasSize(1);
    }
  }

  @Test
  void deadLettersPermanentRefusalsWithTheirReason() throws Exception {
    String unreachable = freshUser();
    String invalid = freshUser();
    CloudApiStandIn.script(
        unreachable, CloudApiStandIn.error(400, 131026, "Message Undeliverable"));
    CloudApiStandIn.script(invalid, CloudApiStandIn.error(400, 100, "Invalid parameter"));

    try (Probe status = probe(Topics.DELIVERY_STATUS);
        Probe dlq = probe(DLQ)) {
      ProducerRecord<String, byte[]> first =
          write(message(unreachable, PlainContent.text("hello?"), null));
      ProducerRecord<String, byte[]> second =
          write(message(invalid, PlainContent.text("hello!"), null));

      ConsumerRecord<String, byte[]> undeliverable = dlq.recordFor(first.key());
      assertThat(header(undeliverable, SwitchboardHeaders.DLQ_REASON))
          .isEqualTo("invalid_recipient");
      assertThat(header(undeliverable, SwitchboardHeaders.DLQ_EXPLANATION)).contains("code 131026");
      ConsumerRecord<String, byte[]> rejected = dlq.recordFor(second.key());
      assertThat(header(rejected, SwitchboardHeaders.DLQ_REASON)).isEqualTo("rejected");
      assertThat(header(rejected, SwitchboardHeaders.DLQ_EXPLANATION)).contains("code 100");

      assertThat(status.receiptFor(first.key()).errorCode()).isEqualTo("invalid_recipient");
      assertThat(status.receiptFor(second.key()).errorCode()).isEqualTo("rejected");
      assertThat(CloudApiStandIn.callsTo(unreachable)).hasSize(1);
      assertThat(CloudApiStandIn.callsTo(invalid)).hasSize(1);
    }
  }

  @Test
  void sendsSealedContentInTheSealedDialectWithItsEnvelopesUntouched() throws Exception {
    String user = freshUser();
    SecureRandom random = new SecureRandom();
    DevicePrivateKey sender = DevicePrivateKey.generate("dk_sender_1", random);
    DevicePrivateKey phone = DevicePrivateKey.generate("dk_ada_phone", random);
    DevicePrivateKey laptop = DevicePrivateKey.generate("dk_ada_laptop", random);
    byte[] plaintext = "the plan is on".getBytes(StandardCharsets.UTF_8);
    MeshEvent<MessageCreated> draft = message(user, PlainContent.text("unused"), null);
    String messageId = draft.data().messageId();
    SealedContent sealed =
        new SealedMessages()
            .seal(messageId, sender, List.of(phone.toPublicKey(), laptop.toPublicKey()), plaintext);
    MeshEvent<MessageCreated> event =
        event(
            new MessageCreated(
                draft.data().conversationId(),
                messageId,
                draft.data().sender(),
                draft.data().recipient(),
                sealed,
                null,
                null,
                null,
                draft.data().sentAt(),
                draft.data().receivedAt()));

    try (Probe status = probe(Topics.DELIVERY_STATUS)) {
      write(event);

      assertThat(status.receiptFor(conversation(user)).status()).isEqualTo(ReceiptStatus.SENT);
      Call call = CloudApiStandIn.callsTo(user).get(0);
      JsonObject body = call.body();
      assertThat(body.getString("type")).isEqualTo("sealed");
      assertThat(body.getString("to")).isEqualTo(user);
      JsonObject dialect = body.getJsonObject("sealed");
      assertThat(dialect.getString("algorithm")).isEqualTo(SealedMessages.ALGORITHM);
      assertThat(dialect.getString("sender_device_key_id")).isEqualTo("dk_sender_1");
      assertThat(dialect.getString("message_id")).isEqualTo(messageId);
      assertThat(dialect.getJsonArray("envelopes")).hasSize(2);
      IntStream.range(0, 2)
          .forEach(
              i -> {
                JsonObject envelope = dialect.getJsonArray("envelopes").getJsonObject(i);
                var expected = sealed.envelopes().get(i);
                assertThat(envelope.getString("recipient_device_key_id"))
                    .isEqualTo(expected.recipientDeviceKeyId());
                assertThat(envelope.getString("enc")).isEqualTo(expected.encapsulatedKey());
                assertThat(envelope.getString("ciphertext")).isEqualTo(expected.ciphertext());
                assertThat(call.raw()).contains(expected.ciphertext());
              });
      assertThat(call.raw()).doesNotContain("the plan is on").doesNotContain("\"text\"");

      // What reached WhatsApp is all a recipient device needs to open its envelope.
      SealedContent received =
          new SealedContent(
              dialect.getString("algorithm"),
              dialect.getString("sender_device_key_id"),
              sealed.envelopes());
      assertThat(
              SealedMessages.open(
                  dialect.getString("message_id"), received, laptop, sender.toPublicKey()))
          .isEqualTo(plaintext);
    }
  }

  @Test
  void sendsReactionsAndTheirRemovalAsReactionMessages() throws Exception {
    String user = freshUser();
    Instant now = Instant.now();
    AccountRef business = AccountRef.of(Platform.WHATSAPP, PHONE_NUMBER_ID);
    write(event(new ReactionAdded(conversation(user), "wamid.USER_1", business, "❤️", now, now)));
    write(event(new ReactionRemoved(conversation(user), "wamid.USER_1", business, "❤️", now, now)));

    List<Call> calls = awaitCalls(user, 2);
    assertThat(calls.get(0).body())
        .isEqualTo(
            new JsonObject()
                .put("messaging_product", "whatsapp")
                .put("recipient_type", "individual")
                .put("to", user)
                .put("type", "reaction")
                .put(
                    "reaction",
                    new JsonObject().put("message_id", "wamid.USER_1").put("emoji", "❤️")));
    assertThat(calls.get(1).body().getJsonObject("reaction"))
        .isEqualTo(new JsonObject().put("message_id", "wamid.USER_1").put("emoji", ""));
  }

  @Test
  void marksReadThenShowsTypingOnTheUsersLastMessage() throws Exception {
    String user = freshUser();
    String wamid = "wamid.READ_" + user;
    Instant now = Instant.now();
    AccountRef reader = AccountRef.of(Platform.MESSENGER, "PSID_READER");
    write(
        event(
            new Receipt(
                conversation(user),
                reader,
                ReceiptStatus.READ,
                List.of("wamid.EARLIER_" + user, wamid),
                null,
                null,
                null,
                now,
                now)));
    write(event(new Typing(conversation(user), reader, true, now.plusSeconds(30))));

    List<Call> calls = awaitCalls(wamid, 2);
    JsonObject read =
        new JsonObject()
            .put("messaging_product", "whatsapp")
            .put("status", "read")
            .put("message_id", wamid);
    assertThat(calls.get(0).body()).isEqualTo(read);
    assertThat(calls.get(1).body())
        .isEqualTo(read.copy().put("typing_indicator", new JsonObject().put("type", "text")));
    assertThat(calls.get(1).path()).isEqualTo("/whatsapp/v21.0/" + PHONE_NUMBER_ID + "/messages");
  }

  @Test
  void deadLettersARecordThatIsNotAMeshEventAndKeepsGoing() throws Exception {
    String key = conversation("garbage_" + freshUser());
    byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
    String user = freshUser();

    try (Probe dlq = probe(DLQ);
        Probe status = probe(Topics.DELIVERY_STATUS)) {
      writeRaw(key, garbage);
      write(message(user, PlainContent.text("still here"), null));

      ConsumerRecord<String, byte[]> dead = dlq.recordFor(key);
      assertThat(header(dead, SwitchboardHeaders.DLQ_REASON)).isEqualTo("invalid_event");
      assertThat(dead.value()).isEqualTo(garbage);
      assertThat(status.receiptFor(conversation(user)).status()).isEqualTo(ReceiptStatus.SENT);
    }
  }
}
