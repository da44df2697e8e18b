package io.switchboard.simulator.send;

import io.switchboard.simulator.Platform;
import io.switchboard.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The access tokens each simulated platform accepts, compared in constant time. */
@ApplicationScoped
public class AccessTokens {
  private final SimulatorConfig.PerPlatform tokens;

  public AccessTokens(SimulatorConfig config) {
    this.tokens = config.accessTokens();
  }

  /** Whether {@code token} is the one configured for {@code platform}. */
  public boolean accepts(Platform platform, String token) {
    Optional<String> expected = tokens.of(platform);
    return token != null
        && expected.isPresent()
        && MessageDigest.isEqual(
            expected.get().getBytes(StandardCharsets.UTF_8),
            token.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The Graph platform a {@code /{page-id}/messages} call is for when the path does not say:
   * Instagram when the token is Instagram's (and not also Messenger's), Messenger otherwise. Real
   * page and Instagram tokens differ in the same way.
   */
  public Platform graphPlatformOf(String token) {
    return accepts(Platform.INSTAGRAM, token) && !accepts(Platform.MESSENGER, token)
        ? Platform.INSTAGRAM
        : Platform.MESSENGER;
  }
}
