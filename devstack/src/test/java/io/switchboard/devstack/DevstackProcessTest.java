package io.switchboard.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.devstack.launcher.DevstackMain;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevstackProcessTest {
  @TempDir static Path dataDir;
  private static DevstackProcess devstack;

  @BeforeAll
  static void startDevstack() throws IOException {
    Path topics = dataDir.resolve("topics.json");
    try (InputStream in = DevstackProcessTest.class.getResourceAsStream("/test-topics.json")) {
      Files.copy(in, topics);
    }
    devstack =
        DevstackProcess.start(
            new DevstackOptions(
                dataDir.resolve("stack"),
                0,
                0,
                0,
                true,
                Optional.empty(),
                Optional.empty(),
                Optional.of(topics)));
  }

  @AfterAll
  static void stopDevstack() {
    if (devstack != null) {
      devstack.close();
    }
  }

  @Test
  void aStartWaitsForALeftoverDevstackOnItsDataDirectoryToExit() throws Exception {
    // Stand-ins whose command lines name the devstack's main class and a data directory. A leftover
    // is orphaned: its parent (here a shell that started it in the background) is gone. ("; true"
    // keeps bash from replacing itself with sleep, which would drop those arguments.)
    Path leftoverDir = dataDir.resolve("leftover");
    Path ownedDir = dataDir.resolve("owned");
    orphan("sleep 3", leftoverDir);
    Process owned = standIn(ownedDir);
    try {
      long started = System.nanoTime();
      DevstackProcess.awaitStaleDevstack(leftoverDir);
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      DevstackProcess.awaitStaleDevstack(ownedDir);

      assertThat(standIns(leftoverDir)).isZero();
      assertThat(waitedMillis).isGreaterThan(1000);
      assertThat(owned.isAlive()).isTrue();
    } finally {
      owned.destroyForcibly();
    }
  }

  /** A stand-in whose parent is this JVM, which still runs. */
  private static Process standIn(Path dir) throws IOException {
    return new ProcessBuilder(
            "bash",
            "-c",
            "sleep 60; true",
            DevstackMain.class.getName(),
            "--data-dir=" + dir.toAbsolutePath())
        .start();
  }

  /** A stand-in started in the background by a shell that exits at once. */
  private static void orphan(String script, Path dir) throws Exception {
    String command =
        String.format(
            "(bash -c '%s; true' %s --data-dir=%s) > /dev/null 2>&1 &",
            script, DevstackMain.class.getName(), dir.toAbsolutePath());
    Process shell = new ProcessBuilder("bash", "-c", command).start();
    assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(standIns(dir)).isEqualTo(1);
  }

  private static long standIns(Path dir) {
    String dataDirArg = "--data-dir=" + dir.toAbsolutePath();
    return ProcessHandle.allProcesses()
        .filter(p -> p.isAlive())
        .filter(
            p -> p.info().arguments().map(args -> List.of(args).contains(dataDirArg)).orElse(false))
        .count();
  }

  @Test
  void startsARealKafkaWithTheCataloguesTopics() throws Exception {
    try (Admin admin = admin(devstack.endpoints().kafkaBootstrapServers())) {
      Map<String, TopicDescription> topics =
          admin
              .describeTopics(java.util.List.of("devstack.test.events", "devstack.test.links"))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS);
      assertThat(topics.get("devstack.test.events").partitions()).hasSize(3);
      assertThat(topics.get("devstack.test.links").partitions()).hasSize(2);
      ConfigResource links = new ConfigResource(ConfigResource.Type.TOPIC, "devstack.test.links");
      String policy =
          admin
              .describeConfigs(java.util.List.of(links))
              .all()
              .get(30, TimeUnit.SECONDS)
              .get(links)
              .get("cleanup.policy")
              .value();
      assertThat(policy).isEqualTo("compact");
    }
  }

  @Test
  void startsARealPostgresqlWithTheMeshDatabase() throws Exception {
    Endpoints endpoints = devstack.endpoints();
    assertThat(endpoints.reactiveUrl()).get().asString().startsWith("postgresql://127.0.0.1:");
    try (Connection connection = connect(endpoints);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT current_database(), version(), pg_backend_pid()")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("switchboard");
      assertThat(rows.getString(2)).startsWith("PostgreSQL 17");
      // The server the devstack names serves this connection from a process of its own.
      long backend = rows.getLong(3);
      assertThat(devstack.postgres().orElseThrow().descendants())
          .anyMatch(process -> process.pid() == backend);
    }
  }

  @Test
  void commitsDurablyByDefault() throws Exception {
    try (Connection connection = connect(devstack.endpoints());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW synchronous_commit")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("on");
    }
  }

  @Test
  void usesAnExternalKafkaInsteadOfStartingOne() {
    Path other = dataDir.resolve("external");
    String bootstrap = devstack.endpoints().kafkaBootstrapServers();
    try (DevstackProcess second =
        DevstackProcess.start(
            new DevstackOptions(
                other,
                0,
                0,
                0,
                false,
                Optional.of(bootstrap),
                Optional.empty(),
                Optional.empty()))) {
      assertThat(second.endpoints().kafkaBootstrapServers()).isEqualTo(bootstrap);
      assertThat(second.endpoints().jdbcUrl()).isEmpty();
      assertThat(other.resolve("kafka")).doesNotExist();
    }
  }

  @Test
  void namesTheComponentWhosePortIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () ->
                  DevstackProcess.start(
                      new DevstackOptions(
                          dataDir.resolve("conflict"),
                          port,
                          0,
                          0,
                          false,
                          Optional.empty(),
                          Optional.empty(),
                          Optional.empty())))
          .hasMessageContaining("port " + port + " (Kafka) is already in use");
    }
  }

  @Test
  void leavesNoProcessBehindWhenClosed() throws IOException {
    Path stackDir = dataDir.resolve("short-lived");
    try (DevstackProcess stack =
        DevstackProcess.start(
            new DevstackOptions(
                stackDir, 0, 0, 0, true, Optional.empty(), Optional.empty(), Optional.empty()))) {
      ProcessHandle handle = ProcessHandle.of(stack.pid()).orElseThrow();
      java.util.List<ProcessHandle> postgres = processesUsing(stackDir);
      assertThat(postgres).as("PostgreSQL processes on the stack's data").isNotEmpty();
      assertThat(postgres).contains(stack.postgres().orElseThrow());

      stack.close();

      assertThat(stack.postgres()).isEmpty();
      assertThat(handle.isAlive()).isFalse();
      assertThat(postgres).noneMatch(ProcessHandle::isAlive);
      assertThat(processesUsing(stackDir)).isEmpty();
    }
  }

  private static java.util.List<ProcessHandle> processesUsing(Path dir) {
    String path = dir.toAbsolutePath().toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(path)).orElse(false))
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .toList();
  }

  private static Connection connect(Endpoints endpoints) throws SQLException {
    return DriverManager.getConnection(
        endpoints.jdbcUrl().orElseThrow(),
        endpoints.databaseUsername(),
        endpoints.databasePassword());
  }

  private static Admin admin(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(props);
  }
}
