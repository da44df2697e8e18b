package io.switchboard.devstack;

import io.switchboard.devstack.launcher.DevstackMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A devstack in a child JVM. The child's class path (the broker, PostgreSQL binaries and their
 * dependencies) was recorded when this module was built, so a caller needs only this small jar. The
 * child watches its standard input and stops when this JVM goes away, however it goes.
 */
public final class DevstackProcess implements AutoCloseable {
  static final String CLASSPATH_RESOURCE = "META-INF/switchboard/devstack.classpath";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /** How long a leftover devstack on the same data directory gets to finish stopping by itself. */
  private static final Duration STALE_PATIENCE = Duration.ofSeconds(30);

  /**
   * The child JVM's options for tests and local runs: a small heap and the first JIT tier only,
   * which starts the broker quickest and is plenty for a developer's traffic.
   */
  public static final List<String> QUICK_START_JVM =
      List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  /**
   * The options Kafka's own start script uses (1 GB heap, G1, every JIT tier): for measuring the
   * mesh under load, where a broker compiled for a quick start would be measured instead.
   */
  public static final List<String> KAFKA_DEFAULT_JVM =
      List.of(
          "-Xms1g",
          "-Xmx1g",
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:InitiatingHeapOccupancyPercent=35",
          "-XX:+ExplicitGCInvokesConcurrent");

  private final Process process;
  private final Endpoints endpoints;
  private final Path log;
  private final Path dataDir;

  private DevstackProcess(Process process, Endpoints endpoints, Path log, Path dataDir) {
    this.process = process;
    this.endpoints = endpoints;
    this.log = log;
    this.dataDir = dataDir;
  }

  /** Starts a devstack and waits until Kafka (and the database, if asked) answer. */
  public static DevstackProcess start(DevstackOptions options) {
    return start(options, QUICK_START_JVM);
  }

  /** As {@link #start(DevstackOptions)}, with these options for the child JVM (Kafka's). */
  public static DevstackProcess start(DevstackOptions options, List<String> jvmOptions) {
    Path dataDir = options.dataDir().toAbsolutePath();
    Path log = dataDir.resolve("devstack.log");
    Path endpointsFile = dataDir.resolve(DevstackMain.ENDPOINTS_FILE);
    awaitStaleDevstack(dataDir);
    stopStalePostgres(dataDir);
    try {
      Files.createDirectories(dataDir);
      Files.deleteIfExists(endpointsFile);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.add("-Dlog4j2.configurationFile=devstack-log4j2.xml");
      command.add("-cp");
      command.add(classPath());
      command.add(DevstackMain.class.getName());
      command.addAll(options.toArgs());
      command.add("--watch-stdin");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      awaitReady(process, endpointsFile, log);
      return new DevstackProcess(process, Endpoints.read(endpointsFile), log, dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "devstack failed to start: " + e.getMessage() + " (log: " + log + ")", e);
    }
  }

  /**
   * A devstack whose parent went away stops by itself (its standard input closes), but it may still
   * be writing Kafka's last files while the next one starts on the same data directory: the two
   * brokers then trip over each other's files, and the new one fails to start. The next start (and
   * the wipe before it) waits for such a leftover to exit, found by its command line, and stops it
   * if it does not exit in time. A devstack whose parent still runs (a JVM: tests, the command
   * line, a benchmark) is someone's, and left alone; a leftover's parent is whatever adopted it.
   */
  public static void awaitStaleDevstack(Path dataDir) {
    String dataDirArg = "--data-dir=" + dataDir.toAbsolutePath();
    long self = ProcessHandle.current().pid();
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != self)
        .filter(p -> p.parent().map(parent -> !isJava(parent)).orElse(true))
        .filter(
            p ->
                p.info()
                    .arguments()
                    .map(
                        args ->
                            List.of(args).contains(DevstackMain.class.getName())
                                && List.of(args).contains(dataDirArg))
                    .orElse(false))
        .forEach(DevstackProcess::awaitExit);
  }

  private static boolean isJava(ProcessHandle process) {
    return process
        .info()
        .command()
        .map(command -> Path.of(command).getFileName().toString().equals("java"))
        .orElse(false);
  }

  private static void awaitExit(ProcessHandle stale) {
    if (exited(stale, STALE_PATIENCE)) {
      return;
    }
    stale.destroy();
    if (!exited(stale, Duration.ofSeconds(10))) {
      stale.destroyForcibly();
      exited(stale, Duration.ofSeconds(10));
    }
  }

  private static boolean exited(ProcessHandle process, Duration patience) {
    try {
      process.onExit().get(patience.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /**
   * PostgreSQL daemonizes, so it outlives a devstack that was killed outright. The next start on
   * the same data directory stops such a leftover first, found by its {@code postmaster.pid}.
   */
  static void stopStalePostgres(Path dataDir) {
    postmaster(dataDir)
        .ifPresent(
            stale -> {
              stale.destroy();
              stale.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
            });
  }

  /** The PostgreSQL server running on the data directory's database, found by its pid file. */
  private static Optional<ProcessHandle> postmaster(Path dataDir) {
    Path pidFile = dataDir.resolve("postgres").resolve("data").resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      return ProcessHandle.of(pid)
          .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
    } catch (IOException | RuntimeException e) {
      // No readable pid, no server: PostgreSQL will report anything that is really wrong.
      return Optional.empty();
    }
  }

  private static void awaitReady(Process process, Path endpointsFile, Path log) throws IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!Files.exists(endpointsFile)) {
      if (!process.isAlive()) {
        throw new IOException(failureReason(log, process.exitValue()));
      }
      if (Instant.now().isAfter(deadline)) {
        process.destroyForcibly();
        throw new IOException("devstack not ready after " + START_TIMEOUT + "; log: " + log);
      }
      sleep(50);
    }
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * The PostgreSQL server this devstack started (its main process; the connections' processes are
   * its children), if it started one and it runs. PostgreSQL daemonizes, so it is not a child of
   * {@link #pid()}.
   */
  public Optional<ProcessHandle> postgres() {
    return postmaster(dataDir);
  }

  /** Stops Kafka and PostgreSQL cleanly, then makes sure the process is gone. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Closing standard input is the polite request; destroy() below is the firm one.
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The recorded dependency class path plus the location of this module's own classes: the broker,
   * Kafka's own tools ({@code ProducerPerformance}, ...) and PostgreSQL's driver.
   */
  public static String classPath() throws IOException {
    URL resource = DevstackProcess.class.getClassLoader().getResource(CLASSPATH_RESOURCE);
    if (resource == null) {
      throw new IOException(CLASSPATH_RESOURCE + " is missing: build the devstack module first");
    }
    String recorded;
    try (InputStream in = resource.openStream()) {
      recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    return ownLocation(resource) + java.io.File.pathSeparator + recorded;
  }

  private static String ownLocation(URL resource) throws IOException {
    String url = resource.toString();
    String suffix = "/" + CLASSPATH_RESOURCE;
    if (url.startsWith("jar:file:")) {
      String jar = url.substring("jar:".length(), url.indexOf("!/"));
      return Path.of(java.net.URI.create(jar)).toString();
    }
    if (url.startsWith("file:") && url.endsWith(suffix)) {
      return Path.of(java.net.URI.create(url.substring(0, url.length() - suffix.length())))
          .toString();
    }
    throw new IOException("cannot tell where the devstack classes are from " + url);
  }

  /** The launcher's own one-line reason when it gave one, else the log's last lines. */
  private static String failureReason(Path log, int status) {
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith(DevstackMain.FAILURE_PREFIX)) {
          return line.substring(DevstackMain.FAILURE_PREFIX.length());
        }
      }
    } catch (IOException e) {
      // Fall through to the generic reason.
    }
    return "exited with status " + status + ": " + lastLines(log, 20);
  }

  static String lastLines(Path file, int count) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(
          System.lineSeparator(), lines.subList(Math.max(0, lines.size() - count), lines.size()));
    } catch (IOException e) {
      return "(no log at " + file + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the devstack", e);
    }
  }
}
