package io.switchboard.gateway.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The browser origins that may open the WebSocket. Browsers send {@code Origin} with every upgrade
 * and let any page open a WebSocket anywhere, so the gateway decides: an upgrade without {@code
 * Origin} (a client that is not a browser), one from the gateway's own origin (same host and port),
 * or one from a listed origin ({@code scheme://host:port}, or {@code scheme://host:*} for any port
 * of that host) passes; any other is refused.
 */
final class AllowedOrigins {
  private final List<String> exact = new ArrayList<>();
  private final List<String> anyPort = new ArrayList<>();

  AllowedOrigins(List<String> allowed) {
    for (String origin : allowed) {
      String normal = origin.trim().toLowerCase(Locale.ROOT);
      if (normal.endsWith(":*")) {
        anyPort.add(normal.substring(0, normal.length() - 1));
      } else if (!normal.isEmpty()) {
        exact.add(normal);
      }
    }
  }

  /** Whether an upgrade with this {@code Origin} (null: none) to this {@code Host} may proceed. */
  boolean allows(String origin, String host) {
    if (origin == null) {
      return true;
    }
    String normal = origin.trim().toLowerCase(Locale.ROOT);
    return sameHost(normal, host) || exact.contains(normal) || anyPortOfListedHost(normal);
  }

  private boolean anyPortOfListedHost(String origin) {
    for (String prefix : anyPort) {
      if (origin.equals(prefix.substring(0, prefix.length() - 1))
          || (origin.startsWith(prefix) && isPort(origin.substring(prefix.length())))) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameHost(String origin, String host) {
    int scheme = origin.indexOf("://");
    return host != null
        && scheme > 0
        && origin.substring(scheme + 3).equals(host.toLowerCase(Locale.ROOT));
  }

  private static boolean isPort(String text) {
    return !text.isEmpty() && text.length() <= 5 && text.chars().allMatch(Character::isDigit);
  }
}
