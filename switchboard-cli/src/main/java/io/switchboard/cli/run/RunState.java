package io.switchboard.cli.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code up} process writes to {@code .switchboard/run/state.json} for {@code status} and
 * {@code down} in other terminals. Paths are relative to the repository root.
 *
 * @param phase starting, running, failed or stopping
 * @param pid the {@code up} process that owns every other process
 * @param pidStartedAt when it started (epoch ms)
 * @param startedAt when {@code up} was asked for (epoch ms)
 * @param healthyAfterMillis how long it took until every component was healthy
 * @param message what failed, when something did
 * @param secretsFile the local secrets file
 * @param logsDir where the logs are
 * @param dataDir where the data is
 * @param components every component, infrastructure first
 */
public record RunState(
    String phase,
    long pid,
    Long pidStartedAt,
    long startedAt,
    Long healthyAfterMillis,
    String message,
    String secretsFile,
    String logsDir,
    String dataDir,
    List<ComponentState> components) {

  public static final String STARTING = "starting";
  public static final String RUNNING = "running";
  public static final String FAILED = "failed";
  public static final String STOPPING = "stopping";

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public RunState withPhase(String newPhase, String newMessage) {
    return new RunState(
        newPhase,
        pid,
        pidStartedAt,
        startedAt,
        healthyAfterMillis,
        newMessage,
        secretsFile,
        logsDir,
        dataDir,
        components);
  }

  public RunState withComponent(ComponentState component) {
    List<ComponentState> all = new ArrayList<>(components);
    all.removeIf(existing -> existing.name().equals(component.name()));
    all.add(component);
    return new RunState(
        phase,
        pid,
        pidStartedAt,
        startedAt,
        healthyAfterMillis,
        message,
        secretsFile,
        logsDir,
        dataDir,
        List.copyOf(all));
  }

  public RunState healthyAfter(long millis) {
    return new RunState(
        RUNNING,
        pid,
        pidStartedAt,
        startedAt,
        millis,
        null,
        secretsFile,
        logsDir,
        dataDir,
        components);
  }

  /** Writes atomically, so a reader in another terminal never sees half a file. */
  public void write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The recorded state, or empty when nothing was started (or the file is unreadable). */
  public static Optional<RunState> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), RunState.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the state file " + file, e);
    }
  }
}
