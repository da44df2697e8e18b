package io.switchboard.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cli.testing.Events;
import io.switchboard.cli.testing.KafkaCli;
import io.switchboard.cli.testing.TestTopics;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.ReceiptStatus;
import io.switchboard.events.topics.Topics;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationCommandTest {
  @TempDir Path home;

  @Test
  void showsTheConversationAcrossTopicsInOrderWithItsFanOutAndDeliveryStates() {
    String conversation = "messenger:100000000000001:" + UUID.randomUUID();
    String messageId = "m_" + UUID.randomUUID();
    AccountRef sender = Events.account(Platform.MESSENGER);
    AccountRef target = Events.account(Platform.INSTAGRAM);
    TestTopics.send(
        Events.record(
            Topics.INBOUND_MESSENGER,
            Events.message(
                conversation,
                messageId,
                sender,
                Events.account(Platform.MESSENGER),
                PlainContent.text("crossing apps"))));
    TestTopics.send(
        Events.record(
            Topics.OUTBOUND_INSTAGRAM,
            Events.message(
                "instagram:17841400000000001:" + target.accountId(),
                messageId,
                Events.account(Platform.INSTAGRAM),
                target,
                PlainContent.text("crossing apps"))));
    TestTopics.send(
        Events.record(
            Topics.DELIVERY_STATUS,
            Events.receipt(conversation, target, ReceiptStatus.READ, messageId)));
    TestTopics.send(
        Events.record(
            Topics.DELIVERY_STATUS,
            Events.receipt(conversation, target, ReceiptStatus.DELIVERED, messageId)));

    KafkaCli inspect = KafkaCli.run(home, "inspect", "conversation", conversation);

    assertThat(inspect.exitCode()).as(inspect.err()).isZero();
    assertThat(inspect.out())
        .contains("3 records on its own topics, 1 copies elsewhere")
        .containsPattern("(?s)inbound.messenger.*outbound.instagram.*delivery.status")
        .containsPattern(messageId + " +instagram:" + target.accountId() + " +read");
  }

  @Test
  void saysSoWhenNothingIsKnownOfTheConversation() {
    KafkaCli inspect = KafkaCli.run(home, "inspect", "conversation", "never-" + UUID.randomUUID());

    assertThat(inspect.exitCode()).isEqualTo(ConversationCommand.NOTHING_FOUND);
    assertThat(inspect.err()).contains("no record of conversation");
  }
}
