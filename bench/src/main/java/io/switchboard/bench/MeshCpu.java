package io.switchboard.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The CPU time of every process of the mesh on this machine (the services, Kafka, PostgreSQL with
 * its connections' processes, the load generator itself), read before and after a step: on two
 * shared cores a step's ceiling is whichever of them takes the most, not only the service measured.
 */
final class MeshCpu {
  private record Part(ProcessHandle root, boolean withDescendants) {
    long nanos() {
      long sum = ProcessCpu.nanos(root);
      if (withDescendants) {
        sum += root.descendants().mapToLong(ProcessCpu::nanos).sum();
      }
      return sum;
    }
  }

  private final Map<String, Part> parts = new LinkedHashMap<>();

  /** Counts one process under a name. */
  MeshCpu process(String name, ProcessHandle process) {
    parts.put(name, new Part(process, false));
    return this;
  }

  /**
   * Counts a process and the processes it started, those running when read (PostgreSQL's connection
   * processes live as long as the pools' connections, so through a step).
   */
  MeshCpu tree(String name, Optional<ProcessHandle> root) {
    root.ifPresent(r -> parts.put(name, new Part(r, true)));
    return this;
  }

  /** CPU nanoseconds of each part so far. */
  Map<String, Long> read() {
    Map<String, Long> nanos = new LinkedHashMap<>();
    parts.forEach((name, part) -> nanos.put(name, part.nanos()));
    return nanos;
  }

  /**
   * Each part's CPU since {@code before}, divided by {@code units}, in milliseconds: for instance
   * {@code messenger-adapter 0.37 ms, gateway 0.32 ms, Kafka 0.20 ms}.
   */
  String millisPer(Map<String, Long> before, long units) {
    return per(before, units, 1e6, "ms");
  }

  /** As {@link #millisPer}, in microseconds: for costs per delivery. */
  String microsPer(Map<String, Long> before, long units) {
    return per(before, units, 1e3, "µs");
  }

  private String per(Map<String, Long> before, long units, double nanosPerUnit, String unit) {
    StringJoiner line = new StringJoiner(", ");
    read()
        .forEach(
            (name, nanos) ->
                line.add(
                    String.format(
                        Locale.ROOT,
                        "%s %.2f %s",
                        name,
                        (nanos - before.getOrDefault(name, nanos))
                            / nanosPerUnit
                            / Math.max(1, units),
                        unit)));
    return line.toString();
  }
}
