package io.switchboard.cli.replay;

import io.switchboard.cli.kafka.CliFailure;
import io.switchboard.cli.kafka.Cluster;
import io.switchboard.cli.kafka.KafkaOptions;
import io.switchboard.cli.kafka.Position;
import io.switchboard.cli.kafka.Range;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code rebuild}: makes a service rebuild a read model from the topics by moving the consumer
 * group that builds it back to a point in time. Kafka moves a group's offsets only while the group
 * has no members, so this refuses while the service runs and says how to proceed.
 */
@Command(
    name = "rebuild",
    mixinStandardHelpOptions = true,
    description = {
      "Rebuilds a read model from the topics: gateway-conversation-log (resets consumer group"
          + " gateway-service-fanout on inbound.* to --from), identity-last-used (resets"
          + " identity-service-last-used on inbound.*) or gateway-routing-view (held in memory,"
          + " rebuilt on every gateway start).",
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:reset (or explained, for the routing view)",
      "1:Kafka unreachable, or the owning service still runs",
      "2:bad input; nothing was changed"
    })
public class RebuildCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Parameters(
      index = "0",
      paramLabel = "READ_MODEL",
      converter = ReadModelConverter.class,
      description = "gateway-conversation-log, identity-last-used or gateway-routing-view.")
  ReadModel model;

  @Option(
      names = "--from",
      defaultValue = "beginning",
      converter = Position.Converter.class,
      paramLabel = "TIME",
      description =
          "Where the service reads again from: beginning, a time (2026-11-25T10:00:00Z) or an age"
              + " (2h). Default: ${DEFAULT-VALUE}.")
  Position from;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      description =
          "While the service still runs, wait this long for it to stop (stop it in another"
              + " terminal) instead of refusing at once.")
  long waitSeconds;

  @Option(names = "--dry-run", description = "Show the offsets it would set; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (model.group() == null) {
      out.println(
          "The gateway's routing view has no consumer group and no offsets: every gateway replica"
              + " reads identity.links from the beginning into memory each time it starts. To"
              + " rebuild it, restart the gateway (./switchboard down, then ./switchboard up; on"
              + " Kubernetes, a rollout restart of gateway-service). Its readiness check turns UP"
              + " once the view has caught up.");
      out.flush();
      return 0;
    }
    if (!(from instanceof Position.Beginning || from instanceof Position.Time)) {
      throw CliFailure.badInput("--from must be beginning or a time for a read model");
    }
    try (Cluster cluster = kafka.connect()) {
      cluster.requireTopics(model.topics());
      awaitNoMembers(cluster);
      List<TopicPartition> partitions = cluster.partitions(model.topics());
      Map<TopicPartition, Long> target;
      Map<TopicPartition, Long> end;
      try (KafkaConsumer<byte[], byte[]> consumer = cluster.consumer()) {
        target = Range.offsets(consumer, partitions, from);
        end = consumer.endOffsets(partitions);
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          cluster.await(
              cluster
                  .admin()
                  .listConsumerGroupOffsets(model.group())
                  .partitionsToOffsetAndMetadata());
      printPlan(out, partitions, committed, target, end);
      if (dryRun) {
        out.println("dry run: nothing was changed");
        out.flush();
        return 0;
      }
      alter(cluster, target);
      long again = partitions.stream().mapToLong(p -> end.get(p) - target.get(p)).sum();
      out.printf(
          "reset %s: %s re-reads %,d records when it starts next. %s%n",
          model.group(), model.service(), again, model.afterReset());
      out.flush();
      return 0;
    }
  }

  private void awaitNoMembers(Cluster cluster) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
    Collection<MemberDescription> members = members(cluster);
    while (!members.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      members = members(cluster);
    }
    if (!members.isEmpty()) {
      throw refusal(members.size());
    }
  }

  private Collection<MemberDescription> members(Cluster cluster) {
    try {
      return cluster
          .admin()
          .describeConsumerGroups(List.of(model.group()))
          .describedGroups()
          .get(model.group())
          .get(30, TimeUnit.SECONDS)
          .members();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return List.of();
      }
      throw cluster.translate(e.getCause());
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw CliFailure.failed("Kafka at " + cluster.bootstrap() + " did not describe the group");
    }
  }

  private void alter(Cluster cluster, Map<TopicPartition, Long> target) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
    target.forEach((p, offset) -> offsets.put(p, new OffsetAndMetadata(offset)));
    try {
      cluster
          .admin()
          .alterConsumerGroupOffsets(model.group(), offsets)
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupNotEmptyException
          || e.getCause() instanceof UnknownMemberIdException) {
        throw refusal(1);
      }
      throw cluster.translate(e.getCause());
    } catch (InterruptedException | java.util.concurrent.TimeoutException | KafkaException e) {
      throw CliFailure.failed(
          "Kafka at " + cluster.bootstrap() + " did not reset " + model.group());
    }
  }

  private CliFailure refusal(int members) {
    return CliFailure.failed(
        "consumer group "
            + model.group()
            + " has "
            + members
            + " active member(s): "
            + model.service()
            + " is running, and Kafka moves a group's offsets only while it has none. Stop "
            + model.service()
            + " (./switchboard down, or scale "
            + model.deployment()
            + " to 0), or add --wait SECONDS and stop it meanwhile; nothing was changed");
  }

  private static void printPlan(
      PrintWriter out,
      List<TopicPartition> partitions,
      Map<TopicPartition, OffsetAndMetadata> committed,
      Map<TopicPartition, Long> target,
      Map<TopicPartition, Long> end) {
    out.printf("%-20s %-9s %-10s %-10s %s%n", "TOPIC", "PARTITION", "COMMITTED", "NEW", "TO READ");
    for (TopicPartition p : partitions) {
      OffsetAndMetadata current = committed.get(p);
      out.printf(
          "%-20s %-9d %-10s %-10d %d%n",
          p.topic(),
          p.partition(),
          current == null ? "-" : Long.toString(current.offset()),
          target.get(p),
          end.get(p) - target.get(p));
    }
  }

  /** Read models by the names people type. */
  static final class ReadModelConverter implements ITypeConverter<ReadModel> {
    @Override
    public ReadModel convert(String value) {
      return Arrays.stream(ReadModel.values())
          .filter(m -> m.toString().equals(value))
          .findFirst()
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'"
                          + value
                          + "' is not a read model; use "
                          + Arrays.stream(ReadModel.values())
                              .map(ReadModel::toString)
                              .collect(Collectors.joining(" or "))));
    }
  }
}
