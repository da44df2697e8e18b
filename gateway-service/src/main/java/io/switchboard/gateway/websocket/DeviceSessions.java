package io.switchboard.gateway.websocket;

import io.netty.channel.EventLoop;
import io.quarkus.websockets.next.WebSocketConnection;
import io.switchboard.gateway.log.LogEntry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>A push is on the path of every delivery, so what it needs of a connection is kept with it: a
 * person's devices are an array replaced on connect and disconnect (a push reads it without a
 * lock), each with its event loop and its {@link ConnectionState}.
 */
@ApplicationScoped
public class DeviceSessions {
  private static final Session[] NONE = new Session[0];

  private final Map<String, Session[]> byPerson = new ConcurrentHashMap<>();
  private final ConnectionLimits limits;

  public DeviceSessions(ConnectionLimits limits) {
    this.limits = limits;
  }

  /**
   * A connected device: its connection, what {@link ConnectionLimits} keeps for it, and the event
   * loop its writes run on ({@code null}: the caller's thread, when it opened outside an event
   * loop).
   */
  record Session(WebSocketConnection connection, ConnectionState state, EventLoop loop) {}

  /**
   * Adds a connection once {@link ConnectionLimits} opened it; called on the connection's own
   * context (its @OnOpen callback).
   */
  void add(String personId, WebSocketConnection connection) {
    ConnectionState state = connection.userData().get(ConnectionState.KEY);
    if (state == null) {
      return;
    }
    Session session = new Session(connection, state, eventLoopOf(Vertx.currentContext()));
    byPerson.merge(
        personId,
        new Session[] {session},
        (sessions, added) -> {
          Session[] more = Arrays.copyOf(sessions, sessions.length + 1);
          more[sessions.length] = session;
          return more;
        });
  }

  void remove(String personId, WebSocketConnection connection) {
    byPerson.computeIfPresent(
        personId,
        (p, sessions) -> {
          Session[] rest =
              Arrays.stream(sessions)
                  .filter(s -> s.connection() != connection)
                  .toArray(Session[]::new);
          return rest.length == 0 ? null : rest;
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
    // By event loop; the null key collects the connections written from the caller's thread.
    Map<EventLoop, List<Session>> byLoop = new IdentityHashMap<>();
    for (String personId : persons) {
      for (Session session : byPerson.getOrDefault(personId, NONE)) {
        if (session.connection() != except) {
          byLoop.computeIfAbsent(session.loop(), l -> new ArrayList<>()).add(session);
        }
      }
    }
    byLoop.forEach(
        (loop, sessions) -> {
          Runnable writes = () -> limits.send(sessions, frameJson);
          if (loop == null) {
            writes.run();
            return;
          }
          try {
            loop.execute(writes);
          } catch (RejectedExecutionException shuttingDown) {
            // The loop is closing with its connections: what they miss waits in the log.
          }
        });
  }

  private static EventLoop eventLoopOf(Context context) {
    return context instanceof ContextInternal internal ? internal.nettyEventLoop() : null;
  }
}
