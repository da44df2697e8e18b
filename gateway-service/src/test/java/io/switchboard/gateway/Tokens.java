package io.switchboard.gateway;

import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Set;

/** JWTs signed with the test key, as the mesh's token issuer would sign them. */
public final class Tokens {
  private Tokens() {}

  /** A person acting for themselves. */
  public static String person(String personId) {
    return Jwt.subject(personId).groups(Set.of("person")).expiresIn(600).sign();
  }

  /** A person's token that expires in a few seconds. */
  public static String personExpiringIn(String personId, long seconds) {
    return Jwt.subject(personId).groups(Set.of("person")).expiresIn(seconds).sign();
  }

  /** A person's token that expired a few seconds ago (within the verifier's clock skew). */
  public static String personExpiredSecondsAgo(String personId, long seconds) {
    return Jwt.subject(personId)
        .groups(Set.of("person"))
        .expiresAt(Instant.now().minusSeconds(seconds))
        .sign();
  }

  /** A mesh service, which is no person. */
  public static String service() {
    return Jwt.subject("messenger-adapter").groups(Set.of("service")).expiresIn(600).sign();
  }
}
