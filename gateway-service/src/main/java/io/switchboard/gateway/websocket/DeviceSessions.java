package io.switchboard.gateway.websocket;

import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.gateway.log.LogEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices connected to this replica, by person. New log entries and other frames are pushed to
 * the connected devices of the persons they concern, through each connection's bounded queue
 * ({@link ConnectionLimits}); a device that misses a push (offline, too slow, or connected to
 * another replica) gets log entries with {@code sync}.
 */
@ApplicationScoped
public class DeviceSessions {
  private final Map<String, Set<WebSocketConnection>> byPerson = new ConcurrentHashMap<>();
  private final ConnectionLimits limits;

  public DeviceSessions(ConnectionLimits limits) {
    this.limits = limits;
  }

  void add(String personId, WebSocketConnection connection) {
    // Inside the map's own compute: a concurrent remove() of the person's last other connection
    // cannot drop the set between its creation and this add.
    byPerson.compute(
        personId,
        (p, connections) -> {
          Set<WebSocketConnection> set =
              connections == null ? ConcurrentHashMap.newKeySet() : connections;
          set.add(connection);
          return set;
        });
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
    if (personIds.stream().anyMatch(byPerson::containsKey)) {
      pushFrame(Frames.message(entry), personIds);
    }
  }

  /**
   * Pushes a frame (JSON text) to every connected device of the persons; never fails the caller.
   */
  public void pushFrame(String frameJson, Collection<String> personIds) {
    pushFrame(frameJson, personIds, null);
  }

  /**
   * Pushes a frame to every connected device of the persons but one connection (the device the
   * frame is about, which knows it already; {@code null} for none); never fails the caller.
   */
  public void pushFrame(
      String frameJson, Collection<String> personIds, WebSocketConnection except) {
    Collection<String> persons = personIds instanceof Set ? personIds : new HashSet<>(personIds);
    for (String personId : persons) {
      Set<WebSocketConnection> connections = byPerson.get(personId);
      if (connections != null) {
        for (WebSocketConnection connection : connections) {
          if (connection != except) {
            limits.send(connection, frameJson);
          }
        }
      }
    }
  }
}
