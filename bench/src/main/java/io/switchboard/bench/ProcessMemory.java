package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The memory of another JVM of this machine, as Linux and the JVM report it: its resident set
 * ({@code VmRSS} of {@code /proc/<pid>/status}), its Java heap in use right after a full GC ({@code
 * jcmd GC.run}, then {@code GC.heap_info}), and its open file descriptors.
 *
 * @param rssBytes resident set size
 * @param heapBytes heap in use after a full GC
 * @param fds open file descriptors
 */
record ProcessMemory(long rssBytes, long heapBytes, int fds) {
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  /** Measures {@code pid} after a full GC. */
  static ProcessMemory of(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    Thread.sleep(500);
    Matcher heap = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
    if (!heap.find() || !rss.find()) {
      throw new IllegalStateException("cannot read the memory of process " + pid);
    }
    int fds;
    try (Stream<Path> open = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      fds = (int) open.count();
    }
    return new ProcessMemory(
        Long.parseLong(rss.group(1)) * 1024, Long.parseLong(heap.group(1)) * 1024, fds);
  }

  /** The process' limit on open files (the soft limit of {@code /proc/<pid>/limits}). */
  static int openFilesLimit(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "limits"))) {
      if (line.startsWith("Max open files")) {
        return Integer.parseInt(line.substring("Max open files".length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("no open files limit for process " + pid);
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid),
                    command))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output;
  }
}
