package io.switchboard.identity.auth;

import io.switchboard.service.rest.ApiException;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: a person (JWT subject = person id, group {@value #PERSON}) who may change only
 * their own settings, or a mesh service (group {@value #SERVICE}: adapters, the gateway).
 */
@RequestScoped
public class Caller {
  public static final String PERSON = "person";
  public static final String SERVICE = "service";

  private final JsonWebToken token;

  public Caller(JsonWebToken token) {
    this.token = token;
  }

  public boolean isService() {
    return token.getGroups().contains(SERVICE);
  }

  /** Refuses unless the caller is this person or a mesh service. */
  public void requireSelfOrService(UUID personId) {
    if (isService()) {
      return;
    }
    requireSelf(personId);
  }

  /** Refuses unless the caller is this very person. */
  public void requireSelf(UUID personId) {
    if (!token.getGroups().contains(PERSON) || !personId.toString().equals(token.getSubject())) {
      throw new ApiException(403, "forbidden", "a person may act only on their own settings");
    }
  }

  public void requireService() {
    if (!isService()) {
      throw new ApiException(403, "forbidden", "only mesh services may do this");
    }
  }
}
