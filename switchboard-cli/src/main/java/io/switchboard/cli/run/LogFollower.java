package io.switchboard.cli.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Copies what a log file gains to the terminal, from wherever the last call stopped. */
final class LogFollower {
  private final Path file;
  private final PrintWriter out;
  private long offset;

  LogFollower(Path file, PrintWriter out) {
    this.file = file;
    this.out = out;
  }

  synchronized void pump() {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= offset) {
        return;
      }
      byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
      in.seek(offset);
      in.readFully(bytes);
      offset += bytes.length;
      out.print(new String(bytes, StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      // Not written yet: the next call catches up.
    }
  }

  synchronized void say(String line) {
    out.println(line);
    out.flush();
  }
}
