package io.switchboard.adapter.webhook;

import io.switchboard.service.rest.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Meta's subscription handshake: {@code GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…}
 * is answered with the challenge when the token matches, 403 otherwise.
 */
public final class WebhookHandshake {
  private WebhookHandshake() {}

  /** The challenge to echo; throws a 403 {@link ApiException} when the request is not genuine. */
  public static String answer(String mode, String token, String challenge, String verifyToken) {
    if (!"subscribe".equals(mode)) {
      throw new ApiException(403, "handshake_refused", "hub.mode must be subscribe");
    }
    if (token == null
        || !MessageDigest.isEqual(
            token.getBytes(StandardCharsets.UTF_8), verifyToken.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(403, "handshake_refused", "hub.verify_token does not match");
    }
    if (challenge == null || challenge.isEmpty()) {
      throw new ApiException(400, "missing_challenge", "hub.challenge is required");
    }
    return challenge;
  }
}
