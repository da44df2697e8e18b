package io.switchboard.bench;

import io.switchboard.devstack.DevstackProcess;
import io.switchboard.devstack.LocalJwt;
import io.switchboard.devstack.ServiceProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Idle connections held by one gateway instance and what each costs: authenticated WebSocket
 * connections of distinct persons' devices are opened in rounds, one client process per round (each
 * from its own 127.0.0.x source address), and after each round the gateway's resident set, its heap
 * after a full GC and its open files are read and compared with the figures before the first
 * connection. The connections are then held past a ping round of the gateway and measured again, so
 * connections the gateway drops as idle would show.
 *
 * <p>Every connection is a file descriptor in the gateway, which Linux bounds by the process' open
 * files limit: the benchmark asks for no more connections than fit under that limit beside the
 * descriptors the gateway already holds, and says so.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -q install -DskipTests}: {@code java -cp
 * "bench/target/bench.jar:bench/target/lib/*" io.switchboard.bench.IdleConnectionsBenchmark
 * [connections] [connections per client process] [seconds to hold]}
 */
public final class IdleConnectionsBenchmark {
  /** Descriptors left to the gateway beside the connections (its log, Kafka, PostgreSQL, jars). */
  private static final int SPARE_FILES = 100;

  private IdleConnectionsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int wanted = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int perProcess = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int hold = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    Path work = WebhookLoad.workDirectory("idle-bench");
    List<MeshPublisher.Person> persons = new ArrayList<>();
    for (int i = 0; i < wanted; i++) {
      persons.add(MeshPublisher.Person.withDevice());
    }
    LocalJwt jwt = LocalJwt.generate();
    List<Client> clients = new ArrayList<>();
    try (DevstackProcess devstack = WebhookLoad.startDevstack(work)) {
      try (MeshPublisher mesh = new MeshPublisher(devstack.endpoints().kafkaBootstrapServers())) {
        mesh.routes(persons, List.of());
      }
      try (ServiceProcess gateway =
          GatewayLoad.startGateway(devstack.endpoints(), jwt, work, Map.of())) {
        Thread.sleep(5000);
        ProcessMemory before = ProcessMemory.of(gateway.pid());
        int limit = ProcessMemory.openFilesLimit(gateway.pid());
        int connections = Math.min(wanted, limit - before.fds() - SPARE_FILES);
        System.out.printf(
            "gateway before: RSS %.1f MB, heap after GC %.1f MB, %d open files of at most %d;"
                + " connections asked for: %d, opened: %d%n",
            mb(before.rssBytes()),
            mb(before.heapBytes()),
            before.fds(),
            limit,
            wanted,
            connections);
        int opened = 0;
        Round first = null;
        for (int from = 0, round = 0; from < connections; from += perProcess, round++) {
          int to = Math.min(connections, from + perProcess);
          Path file = work.resolve("idle-clients-" + round + ".txt");
          List<String> lines =
              persons.subList(from, to).parallelStream()
                  .map(p -> p.deviceId() + " " + jwt.person(p.personId()))
                  .toList();
          Files.write(file, lines);
          String address = "127.0.0." + (round + 2);
          Client client =
              Client.start(
                  List.of("127.0.0.1", String.valueOf(gateway.port()), address, file.toString()));
          clients.add(client);
          String result = client.line("connected");
          opened += Integer.parseInt(result.split(" ")[1]);
          Thread.sleep(3000);
          Round now =
              report(
                  "from " + address + ": " + result + "; ", opened, before, first, gateway.pid());
          first = first == null ? now : first;
        }
        Thread.sleep(hold * 1000L);
        report("after " + hold + " s idle: ", opened, before, first, gateway.pid());
        for (Client client : clients) {
          client.process().getOutputStream().close();
          System.out.println("client process: " + client.line("closed-by-server"));
        }
      }
    } finally {
      for (Client client : clients) {
        GatewayLoad.stop(client.process());
      }
    }
  }

  /** The connections open after a round, and the gateway's memory then. */
  private record Round(int connections, ProcessMemory memory) {}

  /**
   * Prints the gateway's memory with the cost per connection since before the first connection and,
   * from the second round on, since the first round (without what the first connections cost once:
   * classes, compiled code, buffer pools).
   */
  private static Round report(String label, int opened, ProcessMemory before, Round first, long pid)
      throws Exception {
    ProcessMemory now = ProcessMemory.of(pid);
    String marginal = "";
    if (first != null && opened > first.connections()) {
      int more = opened - first.connections();
      marginal =
          String.format(
              "; since the first round: RSS %+.1f KB, heap %+.1f KB per connection",
              (now.rssBytes() - first.memory().rssBytes()) / 1024.0 / more,
              (now.heapBytes() - first.memory().heapBytes()) / 1024.0 / more);
    }
    System.out.printf(
        "%s%d connections: gateway RSS %.1f MB (%+.1f KB per connection), heap after GC %.1f MB"
            + " (%+.1f KB per connection), %d open files%s%n",
        label,
        opened,
        mb(now.rssBytes()),
        (now.rssBytes() - before.rssBytes()) / 1024.0 / Math.max(1, opened),
        mb(now.heapBytes()),
        (now.heapBytes() - before.heapBytes()) / 1024.0 / Math.max(1, opened),
        now.fds(),
        marginal);
    return new Round(opened, now);
  }

  /** A client process and its output, read line by line. */
  private record Client(Process process, BufferedReader out) {
    static Client start(List<String> args) {
      Process process =
          GatewayLoad.startJvm(
              IdleClients.class, List.of("-Xmx512m"), args, ProcessBuilder.Redirect.PIPE);
      return new Client(
          process,
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
    }

    /** The next line of its output that starts with {@code word}; what came before is shown. */
    String line(String word) throws Exception {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(word)) {
          return line;
        }
        System.out.println("  client process says: " + line);
      }
      throw new IllegalStateException("a client process ended without a word");
    }
  }

  private static double mb(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }
}
