package io.switchboard.devstack.launcher;

import io.switchboard.devstack.Endpoints;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The devstack process: starts Kafka and PostgreSQL, creates the catalogue's topics, writes the
 * endpoints to {@code <data-dir>/endpoints.properties}, and runs until it is told to stop (SIGTERM,
 * Ctrl-C) or, with {@code --watch-stdin}, until its parent goes away and its standard input closes.
 * So no devstack outlives the test run or the command that started it.
 */
public final class DevstackMain {
  /** The file, inside the data directory, that tells where everything answers. */
  public static final String ENDPOINTS_FILE = "endpoints.properties";

  /** Starts the one line that says why the devstack could not start. */
  public static final String FAILURE_PREFIX = "devstack: FAILED: ";

  private static final Map<String, String> COMPONENTS =
      Map.of(
          "kafka-port", "Kafka",
          "controller-port", "Kafka controller",
          "postgres-port", "PostgreSQL");

  private final List<AutoCloseable> running = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    DevstackMain devstack = new DevstackMain();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> devstack.stop(), "devstack-stop"));
    try {
      devstack.start(options);
    } catch (Exception e) {
      e.printStackTrace();
      System.out.println(FAILURE_PREFIX + e.getMessage());
      System.out.flush();
      devstack.stop();
      System.exit(2);
    }
    if (options.containsKey("watch-stdin")) {
      Thread watcher = new Thread(() -> waitForEof(System.in, stop), "devstack-parent-watch");
      watcher.setDaemon(true);
      watcher.start();
    }
    stop.await();
    System.exit(0);
  }

  private void start(Map<String, String> options) throws Exception {
    Path dataDir = Path.of(required(options, "data-dir"));
    Files.createDirectories(dataDir);
    Path endpointsFile = dataDir.resolve(ENDPOINTS_FILE);
    Files.deleteIfExists(endpointsFile);

    String bootstrap;
    Optional<Short> replicationFactor;
    if (options.containsKey("external-kafka")) {
      bootstrap = options.get("external-kafka");
      replicationFactor = Optional.empty();
      log("using Kafka at " + bootstrap);
    } else {
      int port = port(options, "kafka-port");
      int controllerPort = port(options, "controller-port");
      long started = System.nanoTime();
      KafkaBroker broker = KafkaBroker.start(dataDir.resolve("kafka"), port, controllerPort);
      running.add(broker);
      bootstrap = broker.bootstrapServers();
      replicationFactor = Optional.of((short) 1);
      log("Kafka ready at " + bootstrap + " in " + millisSince(started) + " ms");
    }
    if (options.containsKey("topics")) {
      int created =
          TopicCreator.createMissing(bootstrap, Path.of(options.get("topics")), replicationFactor);
      log("topics created: " + created);
    }

    Optional<String> jdbcUrl = Optional.empty();
    if (!options.containsKey("no-database")) {
      long started = System.nanoTime();
      PostgresServer postgres =
          PostgresServer.start(dataDir.resolve("postgres"), port(options, "postgres-port"));
      running.add(postgres);
      jdbcUrl = Optional.of(postgres.jdbcUrl());
      log("PostgreSQL ready on port " + postgres.port() + " in " + millisSince(started) + " ms");
    }
    new Endpoints(bootstrap, jdbcUrl, PostgresServer.USER, "").write(endpointsFile);
    log("ready: " + endpointsFile);
  }

  private synchronized void stop() {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        System.err.println("devstack: stopping " + running.get(i) + " failed: " + e);
      }
    }
    running.clear();
  }

  private static void waitForEof(InputStream in, CountDownLatch stop) {
    try {
      while (in.read() >= 0) {
        // Only the end of the stream matters: the parent is gone.
      }
    } catch (IOException e) {
      // A broken pipe means the same.
    }
    log("parent gone, stopping");
    stop.countDown();
  }

  /** A fixed port that is free, or any free port for 0; says which component wanted it. */
  private static int port(Map<String, String> options, String name) throws IOException {
    int port = Integer.parseInt(options.getOrDefault(name, "0"));
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
      return socket.getLocalPort();
    } catch (java.net.BindException e) {
      throw new IOException(
          "port " + port + " (" + COMPONENTS.get(name) + ") is already in use", e);
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + arg);
      }
      int eq = arg.indexOf('=');
      if (eq < 0) {
        options.put(arg.substring(2), "true");
      } else {
        options.put(arg.substring(2, eq), arg.substring(eq + 1));
      }
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void log(String line) {
    System.out.println("devstack: " + line);
    System.out.flush();
  }
}
