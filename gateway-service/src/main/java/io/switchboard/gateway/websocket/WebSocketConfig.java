package io.switchboard.gateway.websocket;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Security and limits of the client WebSocket ({@code switchboard.gateway.websocket.*}; the message
 * size limit and the ping interval are Quarkus' own {@code quarkus.websockets-next.server}
 * settings).
 */
@ConfigMapping(prefix = "switchboard.gateway.websocket")
public interface WebSocketConfig {
  /**
   * Browser origins that may open the WebSocket besides the gateway's own: {@code
   * scheme://host:port}, or {@code scheme://host:*} for any port of that host. An upgrade without
   * {@code Origin} comes from a client that is not a browser and is always allowed.
   */
  Optional<List<String>> allowedOrigins();

  /** The text frames a connection may send: a token bucket per connection. */
  RateLimit rateLimit();

  /**
   * The most frames pushed to one connection that are not yet written to its socket; a client that
   * reads slower than that is disconnected and catches up with {@code sync}.
   */
  @WithDefault("1000")
  int maxQueuedFrames();

  /**
   * The most frames of one connection that wait for the ones before it to be handled (frames are
   * handled one at a time, in order). More means its answers are not being read: the connection is
   * closed as too slow.
   */
  @WithDefault("100")
  int maxWaitingFrames();

  /**
   * How long a connection may stay silent (no frame, no answer to the server's pings) before the
   * gateway closes it; longer than {@code quarkus.websockets-next.server.auto-ping-interval}.
   */
  @WithDefault("75s")
  Duration idleTimeout();

  /** How long a stopping replica waits for the close frames to its clients to be written. */
  @WithDefault("5s")
  Duration shutdownTimeout();

  /** A token bucket: {@code burst} frames at once, refilled at {@code per-second}. */
  interface RateLimit {
    @WithDefault("20")
    double perSecond();

    @WithDefault("50")
    int burst();
  }
}
