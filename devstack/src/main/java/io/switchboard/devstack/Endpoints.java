package io.switchboard.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the devstack's Kafka and PostgreSQL answer.
 *
 * @param kafkaBootstrapServers Kafka's bootstrap servers, {@code host:port[,host:port]}
 * @param jdbcUrl the database's JDBC URL; absent when no database was asked for
 * @param databaseUsername the database user
 * @param databasePassword the database password
 */
public record Endpoints(
    String kafkaBootstrapServers,
    Optional<String> jdbcUrl,
    String databaseUsername,
    String databasePassword) {

  /** The database URL in the form Quarkus' reactive PostgreSQL client takes. */
  public Optional<String> reactiveUrl() {
    return jdbcUrl.map(url -> url.replaceFirst("^jdbc:", ""));
  }

  /** The database's port, when there is one. */
  public Optional<Integer> databasePort() {
    return reactiveUrl().map(url -> URI.create(url).getPort());
  }

  /** Writes these endpoints atomically, so a reader never sees half a file. */
  public void write(Path file) {
    Properties properties = new Properties();
    properties.setProperty("kafka.bootstrap.servers", kafkaBootstrapServers);
    jdbcUrl.ifPresent(url -> properties.setProperty("database.jdbc-url", url));
    properties.setProperty("database.username", databaseUsername);
    properties.setProperty("database.password", databasePassword);
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer out = Files.newBufferedWriter(tmp)) {
        properties.store(out, "devstack endpoints");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static Endpoints read(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return new Endpoints(
        properties.getProperty("kafka.bootstrap.servers"),
        Optional.ofNullable(properties.getProperty("database.jdbc-url")),
        properties.getProperty("database.username", ""),
        properties.getProperty("database.password", ""));
  }
}
