package io.switchboard.simulator.admin;

import io.switchboard.simulator.Platform;
import io.switchboard.simulator.users.KnownUser;
import io.switchboard.simulator.users.UserDirectory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The users the simulated platforms know, and when each last wrote in. */
@Path("/simulator/users")
@Produces(MediaType.APPLICATION_JSON)
public class UsersResource {
  private final UserDirectory users;
  private final Clock clock = Clock.systemUTC();

  public UsersResource(UserDirectory users) {
    this.users = users;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Registers a user, or moves their last inbound message",
      description =
          "lastInboundAt opens the 24-hour window (7 days for HUMAN_AGENT); an old one puts the"
              + " user outside it. Defaults to now.")
  public KnownUser register(@NotNull @Valid UserRegistration user) {
    return users.remember(
        Platform.find(user.platform()).orElseThrow(),
        user.businessId(),
        user.userId(),
        user.lastInboundAt() == null ? clock.instant() : user.lastInboundAt());
  }

  @GET
  @Operation(summary = "Every known user")
  public List<KnownUser> all() {
    return users.all();
  }

  @DELETE
  @Operation(summary = "Forgets every user")
  public void clear() {
    users.clear();
  }
}
