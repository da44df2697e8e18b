package io.switchboard.identity;

import io.smallrye.jwt.build.Jwt;
import java.util.Set;
import java.util.UUID;

/** JWTs signed with the test key, as the mesh's token issuer would sign them. */
public final class Tokens {
  private Tokens() {}

  /** A mesh service (adapter, gateway). */
  public static String service() {
    return Jwt.subject("gateway-service").groups(Set.of("service")).expiresIn(600).sign();
  }

  /** A person acting for themselves. */
  public static String person(String personId) {
    return Jwt.subject(personId).groups(Set.of("person")).expiresIn(600).sign();
  }

  /** A person who does not exist. */
  public static String stranger() {
    return person(UUID.randomUUID().toString());
  }
}
