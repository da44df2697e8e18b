package io.switchboard.gateway.websocket;

import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.gateway.log.LogEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The devices connected to this replica, by person. New log entries are pushed to the connected
 * devices of the conversation's members; a device that misses a push (offline, or connected to
 * another replica) gets the entry with {@code sync}.
 */
@ApplicationScoped
public class DeviceSessions {
  private static final Logger LOG = Logger.getLogger(DeviceSessions.class);

  private final Map<String, Set<WebSocketConnection>> byPerson = new ConcurrentHashMap<>();

  void add(String personId, WebSocketConnection connection) {
    byPerson.computeIfAbsent(personId, p -> ConcurrentHashMap.newKeySet()).add(connection);
  }

  void remove(String personId, WebSocketConnection connection) {
    byPerson.computeIfPresent(
        personId,
        (p, connections) -> {
          connections.remove(connection);
          return connections.isEmpty() ? null : connections;
        });
  }

  /** Pushes a new entry to every connected device of the persons; never fails the caller. */
  public void push(LogEntry entry, Collection<String> personIds) {
    String frame = null;
    for (String personId : personIds) {
      for (WebSocketConnection connection : byPerson.getOrDefault(personId, Set.of())) {
        if (frame == null) {
          frame = Frames.message(entry);
        }
        connection
            .sendText(frame)
            .subscribe()
            .with(
                ok -> {},
                failure ->
                    LOG.debugf(
                        "push to connection %s failed: %s",
                        connection.id(), failure.getClass().getSimpleName()));
      }
    }
  }
}
