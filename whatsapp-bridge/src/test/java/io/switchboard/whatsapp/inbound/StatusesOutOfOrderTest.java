package io.switchboard.whatsapp.inbound;

import static io.switchboard.whatsapp.Webhooks.wamid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.data.Receipt;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.whatsapp.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp does not promise to deliver statuses in order. The bridge publishes each as it comes,
 * with WhatsApp's own time; consumers fold them with {@link ReceiptStatus#advance}, so a late
 * {@code delivered} never takes a message back from {@code read}.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class StatusesOutOfOrderTest {

  @Test
  void aReadBeforeItsDeliveredPublishesBothAndTheMessageStaysRead() {
    List<Receipt> receipts;
    try (TopicProbe probe = Webhooks.probe()) {
      Webhooks.post(Webhooks.load("statuses/out-of-order-read.json"))
          .statusCode(200)
          .body("accepted", equalTo(1));
      Webhooks.post(Webhooks.load("statuses/out-of-order-delivered.json"))
          .statusCode(200)
          .body("accepted", equalTo(1));
      receipts =
          Webhooks.events(probe.await(2, Duration.ofSeconds(10))).stream()
              .map(event -> (Receipt) event.data())
              .toList();
    }

    String message = wamid("HBgLMTY1MDU1NTEyMzQVAgARGBIT1JERVIwMDAwMDAx");
    assertThat(receipts)
        .extracting(Receipt::status, Receipt::reportedAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ReceiptStatus.READ, Instant.ofEpochSecond(1750263905)),
            org.assertj.core.groups.Tuple.tuple(
                ReceiptStatus.DELIVERED, Instant.ofEpochSecond(1750263900)));
    assertThat(receipts).allSatisfy(r -> assertThat(r.messageIds()).containsExactly(message));

    ReceiptStatus state = ReceiptStatus.SENT;
    for (Receipt receipt : receipts) {
      state = state.advance(receipt.status());
    }
    assertThat(state).isEqualTo(ReceiptStatus.READ);
  }
}
