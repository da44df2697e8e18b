package io.switchboard.devstack.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A real PostgreSQL from the binaries shipped in a Maven artifact, with the mesh's database. */
final class PostgresServer implements AutoCloseable {
  static final String DATABASE = "switchboard";
  static final String USER = "switchboard";

  private final EmbeddedPostgres postgres;
  private final Path data;

  private PostgresServer(EmbeddedPostgres postgres, Path data) {
    this.postgres = postgres;
    this.data = data;
  }

  /** Starts PostgreSQL on {@code dir}, keeping data from an earlier start. */
  static PostgresServer start(Path dir, int port) throws IOException, SQLException {
    Path data = dir.resolve("data");
    Path binaries = dir.resolve("binaries");
    Files.createDirectories(binaries);
    boolean fresh = !Files.exists(data.resolve("PG_VERSION"));
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setOverrideWorkingDirectory(binaries.toFile())
            .setServerConfig("max_connections", "200")
            // The library's default is off, which would let a database crash forget commits the
            // services have already acknowledged (a gateway's log entry, an identity change).
            // PostgreSQL's own default, as in production; a service that may lose its last
            // moments (the adapters' dedupe claims) turns it off for its own connections.
            .setServerConfig("synchronous_commit", "on");
    if (port > 0) {
      builder.setPort(port);
    }
    PostgresServer server = new PostgresServer(builder.start(), data);
    if (fresh || !server.databaseExists()) {
      server.createDatabase();
    }
    return server;
  }

  int port() {
    return postgres.getPort();
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
  }

  private boolean databaseExists() throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
      return rows.next();
    }
  }

  private void createDatabase() throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
              + USER
              + "') THEN CREATE ROLE "
              + USER
              + " LOGIN; END IF; END $$");
      statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
    }
  }

  /** Stops PostgreSQL and waits until the postmaster and its workers are gone. */
  @Override
  public void close() throws IOException {
    Optional<ProcessHandle> postmaster = postmaster();
    List<ProcessHandle> workers = postmaster.map(p -> p.descendants().toList()).orElse(List.of());
    postgres.close();
    postmaster.ifPresent(PostgresServer::awaitExit);
    workers.forEach(PostgresServer::awaitExit);
  }

  private Optional<ProcessHandle> postmaster() {
    try {
      long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
      return ProcessHandle.of(pid);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void awaitExit(ProcessHandle process) {
    try {
      process.onExit().get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // onExit never fails; nothing to wait for.
    }
  }
}
