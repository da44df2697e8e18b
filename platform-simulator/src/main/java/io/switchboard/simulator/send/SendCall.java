package io.switchboard.simulator.send;

import io.switchboard.simulator.Platform;
import java.util.Optional;

/**
 * A Send API request as it arrived.
 *
 * @param platform the platform named by the path, if the path names one
 * @param node the page, Instagram account or phone number id of the path, or {@code me}
 * @param query the query string without {@code access_token}
 * @param token the access token, from the query or the {@code Authorization: Bearer} header
 */
public record SendCall(
    Optional<Platform> platform,
    String node,
    String path,
    String query,
    String token,
    byte[] body) {

  /** Never prints the token or the body. */
  @Override
  public String toString() {
    return "SendCall[platform=" + platform + ", path=" + path + "]";
  }
}
