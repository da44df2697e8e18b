package io.switchboard.devstack;

import io.switchboard.devstack.launcher.DevstackMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One devstack per test JVM, started on first use on random ports and stopped when the JVM ends,
 * whatever class loader asks (Quarkus has one per test profile). It creates the topics of the
 * catalogue found on the class path ({@value #CATALOGUE}). When {@code KAFKA_BOOTSTRAP_SERVERS} or
 * {@code SWITCHBOARD_DATABASE_URL} is set, those are used instead of starting Kafka or PostgreSQL.
 */
public final class SharedDevstack {
  /** Where mesh-events ships the topic catalogue. */
  public static final String CATALOGUE = "META-INF/switchboard/topics.json";

  private static final Duration WIPE_PATIENCE = Duration.ofSeconds(10);

  private static Endpoints endpoints;
  private static DevstackProcess process;

  private SharedDevstack() {}

  /**
   * The system property that names this JVM's devstack: its pid and its endpoints file. Quarkus
   * loads this class again for each test profile (a new class loader per application start), so a
   * static field alone started a devstack per profile, on the data directory of the one still
   * running; a system property is the JVM's own.
   */
  static final String STARTED_PROPERTY = "switchboard.devstack.started";

  /** The endpoints of this JVM's devstack, starting it if needed. */
  public static synchronized Endpoints endpoints() {
    if (endpoints == null) {
      Optional<DevstackOptions.ExternalDatabase> external =
          DevstackOptions.externalDatabaseFromEnvironment();
      Endpoints started = startedInThisJvm().orElseGet(() -> start(external));
      endpoints =
          external
              .map(
                  db ->
                      new Endpoints(
                          started.kafkaBootstrapServers(),
                          Optional.of(db.jdbcUrl()),
                          db.username(),
                          db.password()))
              .orElse(started);
    }
    return endpoints;
  }

  /** The devstack another class loader of this JVM started, if it still runs. */
  private static Optional<Endpoints> startedInThisJvm() {
    String started = System.getProperty(STARTED_PROPERTY);
    if (started == null) {
      return Optional.empty();
    }
    int separator = started.indexOf(':');
    long pid = Long.parseLong(started.substring(0, separator));
    Path file = Path.of(started.substring(separator + 1));
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
        && Files.isRegularFile(file)) {
      return Optional.of(Endpoints.read(file));
    }
    return Optional.empty();
  }

  private static Endpoints start(Optional<DevstackOptions.ExternalDatabase> external) {
    Path dataDir = dataDir();
    DevstackProcess.awaitStaleDevstack(dataDir);
    wipe(dataDir);
    DevstackOptions options = DevstackOptions.fromEnvironment(dataDir, true);
    if (external.isPresent()) {
      options =
          new DevstackOptions(
              dataDir, 0, 0, 0, false, options.externalKafka(), external, Optional.empty());
    }
    options = copyCatalogue(dataDir).map(options::withTopicsFile).orElse(options);
    process = DevstackProcess.start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(process::close, "devstack-shutdown"));
    System.setProperty(
        STARTED_PROPERTY,
        process.pid() + ":" + dataDir.toAbsolutePath().resolve(DevstackMain.ENDPOINTS_FILE));
    return process.endpoints();
  }

  private static Path dataDir() {
    String buildDir = System.getProperty("switchboard.build.dir");
    try {
      return buildDir != null
          ? Path.of(buildDir, "devstack")
          : Files.createTempDirectory("switchboard-devstack");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Path> copyCatalogue(Path dataDir) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader.getResourceAsStream(CATALOGUE)) {
      if (in == null) {
        return Optional.empty();
      }
      Files.createDirectories(dataDir);
      Path file = dataDir.resolve("topics.json");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return Optional.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the topic catalogue", e);
    }
  }

  /**
   * Deletes the data of an earlier run, once the devstack of the previous test JVM has exited. A
   * failed attempt is tried again, for up to ten seconds, in case something still writes there.
   */
  private static void wipe(Path dir) {
    long deadline = System.nanoTime() + WIPE_PATIENCE.toNanos();
    while (true) {
      try {
        deleteTree(dir);
        return;
      } catch (IOException | UncheckedIOException e) {
        if (System.nanoTime() > deadline) {
          throw new UncheckedIOException(
              "cannot wipe " + dir,
              e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while wiping " + dir, interrupted);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
