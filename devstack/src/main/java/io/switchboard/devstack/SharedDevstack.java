package io.switchboard.devstack;

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
 * One devstack per test JVM, started on first use on random ports and stopped when the JVM ends. It
 * creates the topics of the catalogue found on the class path ({@value #CATALOGUE}). When {@code
 * KAFKA_BOOTSTRAP_SERVERS} or {@code SWITCHBOARD_DATABASE_URL} is set, those are used instead of
 * starting Kafka or PostgreSQL.
 */
public final class SharedDevstack {
  /** Where mesh-events ships the topic catalogue. */
  public static final String CATALOGUE = "META-INF/switchboard/topics.json";

  private static final Duration WIPE_PATIENCE = Duration.ofSeconds(10);

  private static Endpoints endpoints;
  private static DevstackProcess process;

  private SharedDevstack() {}

  /** The endpoints of this JVM's devstack, starting it if needed. */
  public static synchronized Endpoints endpoints() {
    if (endpoints == null) {
      endpoints = start();
    }
    return endpoints;
  }

  private static Endpoints start() {
    Path dataDir = dataDir();
    DevstackProcess.awaitStaleDevstack(dataDir);
    wipe(dataDir);
    DevstackOptions options = DevstackOptions.fromEnvironment(dataDir, true);
    Optional<DevstackOptions.ExternalDatabase> external = options.externalDatabase();
    if (external.isPresent()) {
      options =
          new DevstackOptions(
              dataDir, 0, 0, 0, false, options.externalKafka(), external, Optional.empty());
    }
    options = copyCatalogue(dataDir).map(options::withTopicsFile).orElse(options);
    process = DevstackProcess.start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(process::close, "devstack-shutdown"));
    Endpoints started = process.endpoints();
    return external
        .map(
            db ->
                new Endpoints(
                    started.kafkaBootstrapServers(),
                    Optional.of(db.jdbcUrl()),
                    db.username(),
                    db.password()))
        .orElse(started);
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
