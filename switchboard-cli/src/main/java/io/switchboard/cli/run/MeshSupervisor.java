package io.switchboard.cli.run;

import io.switchboard.devstack.DevstackOptions;
import io.switchboard.devstack.DevstackOptions.ExternalDatabase;
import io.switchboard.devstack.DevstackProcess;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.SharedDevstack;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The process that owns a running mesh: starts the devstack, then every service in parallel, waits
 * until all are healthy, records everything in the state file, and on SIGTERM or SIGINT stops the
 * services first and the devstack after them.
 */
final class MeshSupervisor {
  private static final List<String> SERVICE_JVM_ARGS =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Xms32m",
          "-Xmx256m",
          "-XX:+ExitOnOutOfMemoryError");

  private final RunLayout layout;
  private final MeshPlan plan;
  private final Duration timeout;
  private final long startedAt;
  private final PrintWriter out;
  private final boolean detached;

  private final List<ServiceProcess> services = new ArrayList<>();
  private DevstackProcess devstack;
  private RunState state;
  private boolean stopping;

  MeshSupervisor(
      RunLayout layout,
      MeshPlan plan,
      Duration timeout,
      long startedAt,
      boolean detached,
      PrintWriter out) {
    this.detached = detached;
    this.layout = layout;
    this.plan = plan;
    this.timeout = timeout;
    this.startedAt = startedAt;
    this.out = out;
  }

  /** Runs the mesh until this process is told to stop; returns only when starting failed. */
  int run() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "switchboard-stop"));
    try {
      start();
    } catch (RuntimeException e) {
      say("FAILED: " + e.getMessage());
      if (state != null) {
        update(state.withPhase(RunState.FAILED, e.getMessage()));
      }
      stop();
      return 1;
    }
    long healthyAfter = System.currentTimeMillis() - startedAt;
    RunState running = state.healthyAfter(healthyAfter);
    say("");
    out.print(StatusReport.table(running, Health.probeAll(running.components())));
    say("");
    say(
        String.format(
            "all healthy %.1f s after `up`; stop with %s",
            healthyAfter / 1000.0,
            detached ? "./switchboard down" : "Ctrl-C (or ./switchboard down elsewhere)"));
    update(running);
    watch();
    return 0;
  }

  private void start() {
    LocalSecrets secrets = LocalSecrets.loadOrCreate(layout.secretsFile());
    state =
        new RunState(
            RunState.STARTING,
            ProcessHandle.current().pid(),
            RecordedProcess.startedAt(ProcessHandle.current()),
            startedAt,
            null,
            null,
            layout.display(secrets.file()),
            layout.display(layout.logsDir()),
            layout.display(layout.dataDir()),
            List.of());
    update(state);
    say(
        (secrets.created() ? "generated local secrets in " : "local secrets: ")
            + layout.display(secrets.file()));
    List<String> conflicts = PortCheck.conflicts(plan.portClaims());
    if (!conflicts.isEmpty()) {
      throw new IllegalStateException(String.join("; ", conflicts));
    }
    Endpoints endpoints = startDevstack();
    startServices(endpoints, secrets);
    awaitServices();
    seedDemo(secrets);
  }

  /** The demo people the web client signs in as; a failure is reported, the mesh runs on. */
  private void seedDemo(LocalSecrets secrets) {
    try {
      new DemoPeople(
              URI.create(serviceUrl(plan, "identity-service")),
              URI.create(simulatorUrl(plan)),
              LocalTokens.of(secrets.jwtPrivateKey()),
              MeshPlan.BUSINESS_ACCOUNTS)
          .seed(DemoPeople.PEOPLE, DemoPeople.file(secrets.file()));
      say(
          "demo people: "
              + DemoPeople.PEOPLE.stream()
                  .map(p -> p.name() + " (" + p.platform() + ")")
                  .collect(java.util.stream.Collectors.joining(", ")));
    } catch (RuntimeException e) {
      say("demo people NOT seeded: " + e.getMessage());
    }
  }

  private Endpoints startDevstack() {
    Path dir = layout.dataDir().resolve("devstack");
    Path log = dir.resolve("devstack.log");
    linkLog(log);
    DevstackOptions options =
        new DevstackOptions(
                dir,
                plan.ports().kafka(),
                plan.ports().kafkaController(),
                plan.ports().postgres(),
                plan.externalDatabase().isEmpty(),
                plan.externalKafka(),
                plan.externalDatabase(),
                Optional.empty())
            .withTopicsFile(copyTopicCatalogue());
    say(
        "starting "
            + (plan.externalKafka().isPresent() ? "topic creation" : "Kafka")
            + (plan.externalDatabase().isPresent() ? "" : " and PostgreSQL")
            + " (log "
            + layout.display(layout.log("devstack"))
            + ")");
    long began = System.currentTimeMillis();
    DevstackProcess started;
    try {
      started = DevstackProcess.start(options);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the devstack (Kafka, PostgreSQL) failed: "
              + e.getMessage()
              + "; log "
              + layout.display(layout.log("devstack")),
          e);
    }
    synchronized (this) {
      if (stopping) {
        started.close();
        throw new IllegalStateException("stopped while starting");
      }
      devstack = started;
    }
    say(String.format("devstack ready in %.1f s", (System.currentTimeMillis() - began) / 1000.0));
    Endpoints endpoints = started.endpoints();
    recordInfrastructure(started, endpoints);
    return plan.externalDatabase()
        .map(
            db ->
                new Endpoints(
                    endpoints.kafkaBootstrapServers(),
                    Optional.of(db.jdbcUrl()),
                    db.username(),
                    db.password()))
        .orElse(endpoints);
  }

  private void recordInfrastructure(DevstackProcess started, Endpoints endpoints) {
    String log = layout.display(layout.log("devstack"));
    String bootstrap = endpoints.kafkaBootstrapServers();
    Long devstackStart =
        ProcessHandle.of(started.pid()).map(RecordedProcess::startedAt).orElse(null);
    List<Link> kafkaLinks = new ArrayList<>();
    kafkaLinks.add(
        new Link(
            bootstrap, plan.externalKafka().isPresent() ? "external Kafka" : "bootstrap servers"));
    if (plan.externalKafka().isEmpty()) {
      kafkaLinks.add(new Link("127.0.0.1:" + plan.ports().kafkaController(), "KRaft controller"));
    }
    update(
        state.withComponent(
            new ComponentState(
                MeshPlan.KAFKA,
                plan.externalKafka().isPresent() ? null : started.pid(),
                plan.externalKafka().isPresent() ? null : devstackStart,
                "tcp://" + bootstrap.split(",")[0].trim(),
                kafkaLinks,
                log)));
    Optional<ExternalDatabase> external = plan.externalDatabase();
    String url =
        external
            .map(ExternalDatabase::jdbcUrl)
            .or(endpoints::jdbcUrl)
            .orElseThrow()
            .replaceFirst("^jdbc:", "");
    URI uri = URI.create(url);
    Optional<ProcessHandle> postmaster =
        external.isPresent() ? Optional.empty() : postmaster(layout.dataDir().resolve("devstack"));
    update(
        state.withComponent(
            new ComponentState(
                MeshPlan.POSTGRESQL,
                postmaster.map(ProcessHandle::pid).orElse(null),
                postmaster.map(RecordedProcess::startedAt).orElse(null),
                "tcp://" + uri.getHost() + ":" + uri.getPort(),
                List.of(
                    new Link(
                        url,
                        (external.isPresent() ? "external database" : "database")
                            + ", user "
                            + external
                                .map(ExternalDatabase::username)
                                .orElse(endpoints.databaseUsername()))),
                external.isPresent() ? "-" : log)));
  }

  /** PostgreSQL runs as a daemon of its own; its pid is recorded so `down` can always find it. */
  private static Optional<ProcessHandle> postmaster(Path devstackDir) {
    Path pidFile = devstackDir.resolve("postgres").resolve("data").resolve("postmaster.pid");
    try {
      String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim();
      return ProcessHandle.of(Long.parseLong(first));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private void startServices(Endpoints endpoints, LocalSecrets secrets) {
    for (ServiceSpec spec : plan.services()) {
      Map<String, String> env = environment(spec.name(), endpoints, secrets, plan);
      ServiceProcess service =
          ServiceProcess.start(
              spec.name(),
              layout.serviceJar(spec.name()),
              spec.port(),
              env,
              layout.log(spec.name()),
              SERVICE_JVM_ARGS);
      synchronized (this) {
        if (stopping) {
          service.close();
          throw new IllegalStateException("stopped while starting");
        }
        services.add(service);
      }
      update(
          state.withComponent(
              new ComponentState(
                  spec.name(),
                  service.pid(),
                  ProcessHandle.of(service.pid()).map(RecordedProcess::startedAt).orElse(null),
                  spec.healthUrl(),
                  spec.links(),
                  layout.display(service.log()))));
    }
    say("started " + services.size() + " services, waiting until each is ready");
  }

  static Map<String, String> environment(
      String service, Endpoints endpoints, LocalSecrets secrets, MeshPlan plan) {
    Map<String, String> env = new HashMap<>();
    env.put(DevstackOptions.ENV_KAFKA, endpoints.kafkaBootstrapServers());
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("QUARKUS_LOG_CONSOLE_COLOR", "false");
    boolean adapter = false;
    for (String platform : LocalSecrets.PLATFORMS) {
      if (service.startsWith(platform + "-")) {
        env.putAll(secrets.webhookEnvironment(platform));
        // Outbound calls go to the simulator's Send API, with the token it accepts.
        env.put("SWITCHBOARD_SEND_API_BASE_URL", simulatorUrl(plan) + "/" + platform);
        env.put("SWITCHBOARD_SEND_API_ACCESS_TOKEN", secrets.accessToken(platform));
        adapter = true;
      }
    }
    // The adapters keep their webhook dedupe store in PostgreSQL, the gateway its conversation log.
    if (service.equals("identity-service") || service.equals("gateway-service") || adapter) {
      env.put("QUARKUS_DATASOURCE_REACTIVE_URL", endpoints.reactiveUrl().orElseThrow());
      env.put("QUARKUS_DATASOURCE_JDBC_URL", endpoints.jdbcUrl().orElseThrow());
      env.put("QUARKUS_DATASOURCE_USERNAME", endpoints.databaseUsername());
      env.put("QUARKUS_DATASOURCE_PASSWORD", endpoints.databasePassword());
    }
    if (service.equals("identity-service")) {
      env.putAll(secrets.linkingEnvironment());
      businessAccounts(env, "SWITCHBOARD_LINKING_BUSINESS_ACCOUNTS_");
    }
    if (service.equals("gateway-service")) {
      // Messages cross to an app from the mesh's business account on it.
      businessAccounts(env, "SWITCHBOARD_GATEWAY_BUSINESS_ACCOUNTS_");
      // The web client's doors: the people API, and the demo (docs/web-client.md).
      env.put("SWITCHBOARD_GATEWAY_CLIENT_API_IDENTITY_URL", serviceUrl(plan, "identity-service"));
      env.put("SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_ENABLED", "true");
      env.put("SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_SIGNING_KEY", secrets.jwtPrivateKey());
      env.put(
          "SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_PEOPLE_FILE",
          DemoPeople.file(secrets.file()).toAbsolutePath().toString());
      env.put("SWITCHBOARD_GATEWAY_CLIENT_API_DEMO_SIMULATOR_URL", simulatorUrl(plan));
    }
    if (service.equals("platform-simulator")) {
      for (String platform : LocalSecrets.PLATFORMS) {
        String suffix = platform.toUpperCase(Locale.ROOT);
        env.put(
            "SWITCHBOARD_SIMULATOR_APP_SECRETS_" + suffix,
            secrets.webhookEnvironment(platform).get("SWITCHBOARD_WEBHOOK_APP_SECRET"));
        env.put("SWITCHBOARD_SIMULATOR_ACCESS_TOKENS_" + suffix, secrets.accessToken(platform));
        env.put("SWITCHBOARD_SIMULATOR_TARGETS_" + suffix, plan.webhookUrl(platform));
      }
    }
    if (service.equals("identity-service") || service.equals("gateway-service")) {
      env.putAll(secrets.jwtVerificationEnvironment());
    }
    return env;
  }

  private static void businessAccounts(Map<String, String> env, String prefix) {
    MeshPlan.BUSINESS_ACCOUNTS.forEach(
        (platform, id) -> env.put(prefix + platform.toUpperCase(Locale.ROOT), id));
  }

  private static String simulatorUrl(MeshPlan plan) {
    return serviceUrl(plan, "platform-simulator");
  }

  private static String serviceUrl(MeshPlan plan, String name) {
    return plan.services().stream()
        .filter(spec -> spec.name().equals(name))
        .map(spec -> "http://127.0.0.1:" + spec.port())
        .findFirst()
        .orElseThrow();
  }

  private void awaitServices() {
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (ServiceProcess service : List.copyOf(services)) {
      waits.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  service.awaitReady(timeout);
                  say(
                      String.format(
                          "%s ready at %s after %.1f s",
                          service.name(),
                          service.baseUrl(),
                          (System.currentTimeMillis() - startedAt) / 1000.0));
                } catch (RuntimeException e) {
                  synchronized (failures) {
                    failures.add(service.name() + " (log " + layout.display(service.log()) + ")");
                  }
                  say(service.name() + " FAILED: " + e.getMessage());
                }
              },
              runnable -> new Thread(runnable, "await-" + service.name()).start()));
    }
    try {
      CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw new IllegalStateException("waiting for the services failed", e);
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("not ready: " + String.join(", ", failures));
    }
  }

  /** Reports a service that dies while the mesh runs; the rest keep running. */
  private void watch() {
    List<String> reported = new ArrayList<>();
    while (true) {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      synchronized (this) {
        if (stopping) {
          return;
        }
        for (ServiceProcess service : services) {
          if (!service.isAlive() && !reported.contains(service.name())) {
            reported.add(service.name());
            say(service.name() + " exited; log " + layout.display(service.log()));
          }
        }
      }
    }
  }

  /**
   * Services first, in parallel, so none of them loses Kafka while shutting down; then the rest.
   */
  void stop() {
    List<ServiceProcess> toStop;
    DevstackProcess stack;
    synchronized (this) {
      if (stopping) {
        return;
      }
      stopping = true;
      toStop = List.copyOf(services);
      stack = devstack;
    }
    long began = System.currentTimeMillis();
    boolean running = state != null && !RunState.FAILED.equals(state.phase());
    if (state != null) {
      update(state.withPhase(RunState.STOPPING, state.message()));
    }
    if (running) {
      say("stopping " + toStop.size() + " services");
    }
    CompletableFuture.allOf(
            toStop.stream()
                .map(
                    service ->
                        CompletableFuture.runAsync(
                            service::close,
                            runnable -> new Thread(runnable, "stop-" + service.name()).start()))
                .toArray(CompletableFuture[]::new))
        .join();
    if (stack != null) {
      say("stopping the devstack (Kafka, PostgreSQL)");
      stack.close();
    }
    try {
      Files.deleteIfExists(layout.stateFile());
    } catch (IOException e) {
      say("cannot remove " + layout.display(layout.stateFile()) + ": " + e.getMessage());
    }
    say(String.format("stopped in %.1f s", (System.currentTimeMillis() - began) / 1000.0));
  }

  private synchronized void update(RunState next) {
    state = next;
    if (!stopping || RunState.STOPPING.equals(next.phase())) {
      next.write(layout.stateFile());
    }
  }

  private void say(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  private Path copyTopicCatalogue() {
    Path file = layout.runDir().resolve("topics.json");
    try (InputStream in =
        MeshSupervisor.class.getClassLoader().getResourceAsStream(SharedDevstack.CATALOGUE)) {
      if (in == null) {
        throw new IllegalStateException(
            SharedDevstack.CATALOGUE + " is not on the class path: build mesh-events first");
      }
      Files.createDirectories(file.getParent());
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the topic catalogue to " + file, e);
    }
  }

  /** The devstack writes its log into its data directory; a link puts it beside the others. */
  private void linkLog(Path log) {
    Path link = layout.log("devstack");
    try {
      Files.createDirectories(link.getParent());
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, link.getParent().relativize(log));
    } catch (IOException | UnsupportedOperationException e) {
      say("cannot link " + layout.display(link) + " to " + layout.display(log));
    }
  }
}
