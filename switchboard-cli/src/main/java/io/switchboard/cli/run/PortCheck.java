package io.switchboard.cli.run;

import io.switchboard.cli.run.MeshPlan.PortClaim;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Finds, before anything starts, every port of the plan that is taken or claimed twice. */
public final class PortCheck {
  private PortCheck() {}

  /** One line per problem, naming the port and the component that needs it; empty when all free. */
  public static List<String> conflicts(List<PortClaim> claims) {
    List<String> problems = new ArrayList<>();
    Map<Integer, String> seen = new HashMap<>();
    for (PortClaim claim : claims) {
      String earlier = seen.putIfAbsent(claim.port(), claim.component());
      if (earlier != null) {
        problems.add(
            "port " + claim.port() + " is given to both " + earlier + " and " + claim.component());
      } else if (!isFree(claim.port())) {
        problems.add("port " + claim.port() + " (" + claim.component() + ") is already in use");
      }
    }
    return problems;
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // Lets a port in TIME_WAIT after a recent `down` count as free, as it is for the servers.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
