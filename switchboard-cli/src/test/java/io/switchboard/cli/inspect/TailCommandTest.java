package io.switchboard.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.cli.testing.Events;
import io.switchboard.cli.testing.KafkaCli;
import io.switchboard.cli.testing.TestTopics;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.content.PlainContent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailCommandTest {
  @TempDir Path home;

  @Test
  void printsEachEventReadablyWithSealedContentAsItsSizeOnly() {
    String topic = TestTopics.create("tail", 1);
    AccountRef ada = Events.account(Platform.WHATSAPP);
    TestTopics.send(Events.record(topic, Events.text("conv-plain", "Hello from Messenger")));
    TestTopics.send(
        Events.record(topic, Events.message("conv-sealed", "wamid.9", ada, null, Events.sealed())));

    KafkaCli tail = KafkaCli.run(home, "tail", topic, "--from", "beginning", "--limit", "2");

    assertThat(tail.exitCode()).as(tail.err()).isZero();
    List<String> lines = tail.out().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .contains(topic)
        .contains("message.created.v1")
        .contains("conv=conv-plain")
        .contains("\"Hello from Messenger\"");
    assertThat(lines.get(1))
        .contains("conv=conv-sealed")
        .contains("from=whatsapp:" + ada.accountId())
        .contains("[sealed, " + Events.CIPHERTEXT.length() + " bytes]");
    assertThat(tail.out()).doesNotContain(Events.CIPHERTEXT);
  }

  @Test
  void filtersByTypeConversationAndPersonAndPrintsJsonForScripts() throws Exception {
    String topic = TestTopics.create("tail-filter", 2);
    AccountRef bea = Events.account(Platform.INSTAGRAM);
    TestTopics.send(Events.record(topic, Events.text("conv-a", "not this")));
    TestTopics.send(
        Events.record(
            topic,
            Events.message(
                "conv-b",
                "mid.b",
                bea,
                Events.account(Platform.INSTAGRAM),
                PlainContent.text("hi"))));
    TestTopics.send(Events.record(topic, Events.text("conv-b", "nor this")));

    KafkaCli tail =
        KafkaCli.run(
            home,
            "tail",
            topic,
            "--from",
            "beginning",
            "--conversation",
            "conv-b",
            "--type",
            "message.created",
            "--person",
            "instagram:" + bea.accountId(),
            "--json",
            "--limit",
            "1");

    assertThat(tail.exitCode()).as(tail.err()).isZero();
    var json = new ObjectMapper().readTree(tail.out().lines().findFirst().orElseThrow());
    assertThat(json.get("conversation").asText()).isEqualTo("conv-b");
    assertThat(json.get("sender").asText()).isEqualTo("instagram:" + bea.accountId());
    assertThat(json.get("summary").asText()).isEqualTo("\"hi\"");
  }

  @Test
  void refusesUnknownTopicsTypesAndPeople() {
    KafkaCli topic = KafkaCli.run(home, "tail", "inbound.nowhere");
    KafkaCli type = KafkaCli.run(home, "tail", "inbound.messenger", "--type", "message.sent");
    KafkaCli person =
        KafkaCli.run(home, "tail", "inbound.messenger", "--person", "no-such-person-id");

    for (KafkaCli run : List.of(topic, type, person)) {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.oneLineError()).as(run.err()).isTrue();
    }
    assertThat(topic.err()).contains("unknown topic 'inbound.nowhere'");
    assertThat(person.err()).contains("neither an account").contains("identity.links");
  }
}
