package io.switchboard.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to start. A port of 0 means any free port. An external Kafka or database, when given, is
 * used instead of starting one; the catalogue's topics are created on whichever Kafka is used.
 *
 * @param dataDir where data and logs live; wipe it to start afresh
 * @param kafkaPort the broker's client port
 * @param controllerPort the KRaft controller's port
 * @param postgresPort PostgreSQL's port
 * @param withDatabase whether a database is needed at all
 * @param externalKafka bootstrap servers of a Kafka to use instead of starting one
 * @param externalDatabase a JDBC URL, user and password of a database to use instead
 * @param topicsFile the topic catalogue to create (JSON, as shipped by mesh-events)
 */
public record DevstackOptions(
    Path dataDir,
    int kafkaPort,
    int controllerPort,
    int postgresPort,
    boolean withDatabase,
    Optional<String> externalKafka,
    Optional<ExternalDatabase> externalDatabase,
    Optional<Path> topicsFile) {

  /** A database that runs elsewhere. */
  public record ExternalDatabase(String jdbcUrl, String username, String password) {}

  /** The environment variables that point the devstack at an existing Kafka and database. */
  public static final String ENV_KAFKA = "KAFKA_BOOTSTRAP_SERVERS";

  public static final String ENV_DATABASE_URL = "SWITCHBOARD_DATABASE_URL";
  public static final String ENV_DATABASE_USERNAME = "SWITCHBOARD_DATABASE_USERNAME";
  public static final String ENV_DATABASE_PASSWORD = "SWITCHBOARD_DATABASE_PASSWORD";

  /** Options on random ports, taking external services from the environment when it names them. */
  public static DevstackOptions fromEnvironment(Path dataDir, boolean withDatabase) {
    return new DevstackOptions(
        dataDir,
        0,
        0,
        0,
        withDatabase,
        env(ENV_KAFKA),
        externalDatabaseFromEnvironment(),
        Optional.empty());
  }

  /** The database the environment names instead of the devstack's own, if any. */
  public static Optional<ExternalDatabase> externalDatabaseFromEnvironment() {
    return env(ENV_DATABASE_URL)
        .map(
            url ->
                new ExternalDatabase(
                    url.startsWith("jdbc:") ? url : "jdbc:" + url,
                    env(ENV_DATABASE_USERNAME).orElse("switchboard"),
                    env(ENV_DATABASE_PASSWORD).orElse("")));
  }

  public DevstackOptions withTopicsFile(Path file) {
    return new DevstackOptions(
        dataDir,
        kafkaPort,
        controllerPort,
        postgresPort,
        withDatabase,
        externalKafka,
        externalDatabase,
        Optional.of(file));
  }

  /** The launcher's command-line arguments for these options. */
  public List<String> toArgs() {
    List<String> args = new ArrayList<>();
    args.add("--data-dir=" + dataDir.toAbsolutePath());
    args.add("--kafka-port=" + kafkaPort);
    args.add("--controller-port=" + controllerPort);
    args.add("--postgres-port=" + postgresPort);
    if (!withDatabase) {
      args.add("--no-database");
    }
    externalKafka.ifPresent(kafka -> args.add("--external-kafka=" + kafka));
    topicsFile.ifPresent(file -> args.add("--topics=" + file.toAbsolutePath()));
    return args;
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }
}
