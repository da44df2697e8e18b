package io.switchboard.cli.inspect;

import io.switchboard.cli.kafka.Cluster;
import io.switchboard.cli.kafka.KafkaOptions;
import io.switchboard.cli.kafka.RecordView;
import io.switchboard.cli.replay.Ranges;
import io.switchboard.events.topics.TopicCatalogue;
import io.switchboard.events.topics.TopicSpec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code inspect conversation <id>}: every record of one conversation on every topic, in time
 * order, then where each of its messages got to. Fan-out copies live in other conversations (the
 * business account's with each target), so a second pass picks up the records of any conversation
 * that name one of this conversation's message ids.
 */
@Command(
    name = "conversation",
    mixinStandardHelpOptions = true,
    description =
        "The history of one conversation across all topics, in order, with its messages' copies"
            + " on other apps and their delivery states.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:shown", "1:Kafka unreachable", "2:bad input", "3:nothing found"})
public class ConversationCommand implements Callable<Integer> {
  static final int NOTHING_FOUND = 3;

  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Parameters(index = "0", paramLabel = "CONVERSATION", description = "The conversation id.")
  String conversation;

  @Option(names = "--json", description = "One JSON object per record, for scripts.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Cluster cluster = kafka.connect()) {
      Set<String> existing = cluster.topicNames();
      List<String> topics =
          TopicCatalogue.get().topics().stream()
              .filter(t -> "conversationId".equals(t.key()))
              .map(TopicSpec::name)
              .filter(existing::contains)
              .toList();
      byte[] key = conversation.getBytes(StandardCharsets.UTF_8);
      List<RecordView> own = new ArrayList<>();
      Ranges.readAll(
          cluster,
          topics,
          record -> {
            if (Arrays.equals(key, record.key())) {
              own.add(RecordView.of(record));
            }
          });
      Set<String> messageIds = new LinkedHashSet<>();
      own.forEach(view -> messageIds.addAll(DeliveryStates.messageIds(view)));
      List<RecordView> related = new ArrayList<>();
      if (!messageIds.isEmpty()) {
        Ranges.readAll(
            cluster,
            topics,
            record -> {
              if (!Arrays.equals(key, record.key()) && names(record, messageIds)) {
                RecordView view = RecordView.of(record);
                if (!Collections.disjoint(DeliveryStates.messageIds(view), messageIds)) {
                  related.add(view);
                }
              }
            });
      }
      List<RecordView> history = new ArrayList<>(own);
      history.addAll(related);
      history.sort(
          Comparator.comparing(RecordView::timestamp)
              .thenComparing(RecordView::topic)
              .thenComparing(RecordView::offset));
      if (history.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println("no record of conversation '" + conversation + "' on " + cluster.bootstrap());
        return NOTHING_FOUND;
      }
      if (json) {
        history.forEach(view -> out.println(view.json()));
      } else {
        out.printf(
            "conversation %s: %d records on its own topics, %d copies elsewhere%n%n",
            conversation, own.size(), related.size());
        history.forEach(view -> out.println(view.line()));
        out.println();
        out.print(DeliveryStates.of(history).table());
      }
      out.flush();
      return 0;
    }
  }

  /** A cheap look before parsing: does the value mention one of the ids at all. */
  private static boolean names(ConsumerRecord<byte[], byte[]> record, Set<String> messageIds) {
    if (record.value() == null) {
      return false;
    }
    String value = new String(record.value(), StandardCharsets.UTF_8);
    return messageIds.stream().anyMatch(value::contains);
  }
}
