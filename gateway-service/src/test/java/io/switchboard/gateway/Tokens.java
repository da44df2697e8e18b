package io.switchboard.gateway;

import io.smallrye.jwt.build.Jwt;
import java.util.Set;

/** JWTs signed with the test key, as the mesh's token issuer would sign them. */
public final class Tokens {
  private Tokens() {}

  /** A person acting for themselves. */
  public static String person(String personId) {
    return Jwt.subject(personId).groups(Set.of("person")).expiresIn(600).sign();
  }

  /** A mesh service, which is no person. */
  public static String service() {
    return Jwt.subject("messenger-adapter").groups(Set.of("service")).expiresIn(600).sign();
  }
}
