package io.switchboard.devstack.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/** A single-node Kafka in KRaft mode (broker and controller in one), in this JVM. */
final class KafkaBroker implements AutoCloseable {
  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private KafkaBroker(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /** Formats {@code dir} on first use, then starts the node; it keeps its data across starts. */
  static KafkaBroker start(Path dir, int port, int controllerPort) throws IOException {
    Path logDir = dir.resolve("log");
    Files.createDirectories(logDir);
    Properties props = new Properties();
    props.setProperty("process.roles", "broker,controller");
    props.setProperty("node.id", "1");
    props.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    props.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.setProperty("controller.listener.names", "CONTROLLER");
    props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.setProperty("inter.broker.listener.name", "PLAINTEXT");
    props.setProperty("log.dirs", logDir.toAbsolutePath().toString());
    props.setProperty("offsets.topic.replication.factor", "1");
    props.setProperty("offsets.topic.num.partitions", "10");
    props.setProperty("transaction.state.log.replication.factor", "1");
    props.setProperty("transaction.state.log.min.isr", "1");
    props.setProperty("share.coordinator.state.topic.replication.factor", "1");
    props.setProperty("share.coordinator.state.topic.min.isr", "1");
    props.setProperty("min.insync.replicas", "1");
    props.setProperty("default.replication.factor", "1");
    props.setProperty("group.initial.rebalance.delay.ms", "0");
    // Topics come from the catalogue; a typo in a topic name must fail, not invent a topic.
    props.setProperty("auto.create.topics.enable", "false");
    props.setProperty("log.segment.bytes", String.valueOf(64 * 1024 * 1024));

    if (!Files.exists(logDir.resolve("meta.properties"))) {
      format(dir, props);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    return new KafkaBroker(server, "127.0.0.1:" + port);
  }

  private static void format(Path dir, Properties props) throws IOException {
    Path config = dir.resolve("server.properties");
    try (Writer out = Files.newBufferedWriter(config)) {
      props.store(out, "devstack single-node KRaft");
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      status =
          StorageTool.execute(
              new String[] {
                "format",
                "--standalone",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                config.toAbsolutePath().toString()
              },
              print);
    } catch (RuntimeException e) {
      throw new IOException("formatting Kafka storage failed: " + output, e);
    }
    if (status != 0) {
      throw new IOException("formatting Kafka storage failed: " + output);
    }
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
