package io.switchboard.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A mesh service started from its packaged Quarkus application ({@code
 * target/quarkus-app/quarkus-run.jar}) with configuration from environment variables only, as in a
 * container. Used by the run command and by the system tests.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private ServiceProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code jar} on {@code port} with {@code env}; returns at once. Call {@link
   * #awaitReady(Duration)} to wait for its readiness check.
   */
  public static ServiceProcess start(
      String name, Path jar, int port, Map<String, String> env, Path log, List<String> jvmArgs) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(name + " is not built: " + jar + " is missing");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
    builder
        .environment()
        .put("SWITCHBOARD_PARENT_PID", String.valueOf(ProcessHandle.current().pid()));
    try {
      Files.createDirectories(log.getParent());
      return new ServiceProcess(name, builder.start(), port, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Waits until {@code /q/health/ready} answers 200; fails with the log's tail otherwise. */
  public void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with status "
                + process.exitValue()
                + "; log "
                + log
                + ":\n"
                + DevstackProcess.lastLines(log, 30));
      }
      if (health("ready") == 200) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
    }
    throw new IllegalStateException(
        name
            + " not ready after "
            + timeout
            + "; log "
            + log
            + ":\n"
            + DevstackProcess.lastLines(log, 30));
  }

  /** The HTTP status of {@code /q/health/<check>}, or -1 when nothing answers. */
  public int health(String check) {
    return healthStatus(baseUrl() + "/q/health/" + check);
  }

  /** The HTTP status of a health URL, or -1 when nothing answers. */
  public static int healthStatus(String url) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public String name() {
    return name;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Asks the service to stop (SIGTERM, so Quarkus shuts down gracefully), then insists. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
