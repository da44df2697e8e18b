package io.switchboard.service.lifecycle;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Stops the service when the process that started it (the run command, a system test) is gone,
 * however it went: no service outlives the command that started it. Off unless {@code
 * switchboard.parent-pid} is set.
 */
@ApplicationScoped
public class ParentWatch {
  private static final Logger LOG = Logger.getLogger(ParentWatch.class);

  void onStart(
      @Observes StartupEvent event,
      @ConfigProperty(name = "switchboard.parent-pid") Optional<Long> parentPid) {
    parentPid
        .flatMap(ProcessHandle::of)
        .ifPresent(
            parent ->
                parent
                    .onExit()
                    .thenRun(
                        () -> {
                          LOG.infof("parent process %d is gone; shutting down", parent.pid());
                          Quarkus.asyncExit(0);
                        }));
  }
}
