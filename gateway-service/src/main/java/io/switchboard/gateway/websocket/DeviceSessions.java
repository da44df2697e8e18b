package io.switchboard.gateway.websocket;

import io.netty.channel.EventLoop;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.gateway.log.LogEntry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * The devices connected to this replica, by person. New log entries and other frames are pushed to
 * the connected devices of the persons they concern, through each connection's bounded queue
 * ({@link ConnectionLimits}); a device that misses a push (offline, too slow, or connected to
 * another replica) gets log entries with {@code sync}.
 *
 * <p>A push is written on the event loop of each connection, one task per event loop for all of its
 * connections: a socket written from another thread costs a task and a wake-up of its loop for
 * every frame (for a group of a thousand members, writing per loop took about a quarter off the
 * gateway's CPU per delivery in GroupFanoutBenchmark). Each loop runs its tasks in the order they
 * were given, so every connection gets its frames in the order they were pushed.
 */
@ApplicationScoped
public class DeviceSessions {
  /** One executor per event loop, so that connections group by loop with identity. */
  private static final Map<EventLoop, Executor> LOOPS = new ConcurrentHashMap<>();

  private final Map<String, Map<WebSocketConnection, Executor>> byPerson =
      new ConcurrentHashMap<>();
  private final ConnectionLimits limits;

  public DeviceSessions(ConnectionLimits limits) {
    this.limits = limits;
  }

  /** Where a connection's writes run: its event loop, or the caller when there is none. */
  private record Executor(EventLoop loop) {
    static final Executor CALLER = new Executor(null);
  }

  /** Adds a connection; called on the connection's own context (its @OnOpen callback). */
  void add(String personId, WebSocketConnection connection) {
    Executor executor = executorOf(Vertx.currentContext());
    // Inside the map's own compute: a concurrent remove() of the person's last other connection
    // cannot drop the map between its creation and this put.
    byPerson.compute(
        personId,
        (p, connections) -> {
          Map<WebSocketConnection, Executor> map =
              connections == null ? new ConcurrentHashMap<>() : connections;
          map.put(connection, executor);
          return map;
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
    Map<Executor, List<WebSocketConnection>> byExecutor = new IdentityHashMap<>();
    for (String personId : persons) {
      Map<WebSocketConnection, Executor> connections = byPerson.get(personId);
      if (connections != null) {
        connections.forEach(
            (connection, executor) -> {
              if (connection != except) {
                byExecutor.computeIfAbsent(executor, e -> new ArrayList<>()).add(connection);
              }
            });
      }
    }
    byExecutor.forEach(
        (executor, connections) -> {
          Runnable writes = () -> connections.forEach(c -> limits.send(c, frameJson));
          if (executor.loop() == null) {
            writes.run();
            return;
          }
          try {
            executor.loop().execute(writes);
          } catch (RejectedExecutionException shuttingDown) {
            // The loop is closing with its connections: what they miss waits in the log.
          }
        });
  }

  private static Executor executorOf(Context context) {
    if (context instanceof ContextInternal internal && internal.nettyEventLoop() != null) {
      return LOOPS.computeIfAbsent(internal.nettyEventLoop(), Executor::new);
    }
    return Executor.CALLER;
  }
}
