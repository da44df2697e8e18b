package io.switchboard.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cli.run.MeshPlan.PortClaim;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortCheckTest {
  @Test
  void namesThePortAndTheComponentWhenAPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      int free = freePort();

      List<String> conflicts =
          PortCheck.conflicts(
              List.of(
                  new PortClaim(free, "Kafka"),
                  new PortClaim(taken.getLocalPort(), "identity-service")));

      assertThat(conflicts)
          .containsExactly(
              "port " + taken.getLocalPort() + " (identity-service) is already in use");
    }
  }

  @Test
  void reportsAPortGivenToTwoComponents() throws Exception {
    int port = freePort();

    List<String> conflicts =
        PortCheck.conflicts(
            List.of(new PortClaim(port, "PostgreSQL"), new PortClaim(port, "messenger-adapter")));

    assertThat(conflicts)
        .containsExactly("port " + port + " is given to both PostgreSQL and messenger-adapter");
  }

  @Test
  void findsNothingWhenEveryPortIsFree() throws Exception {
    assertThat(PortCheck.conflicts(List.of(new PortClaim(freePort(), "Kafka")))).isEmpty();
  }

  @Test
  void claimsTheDefaultPortsOfEveryComponent() {
    MeshPlan plan = new MeshPlan(new RunPorts(), Optional.empty(), Optional.empty());

    assertThat(plan.portClaims())
        .containsExactly(
            new PortClaim(9092, "Kafka"),
            new PortClaim(9093, "Kafka controller"),
            new PortClaim(15432, "PostgreSQL"),
            new PortClaim(8081, "messenger-adapter"),
            new PortClaim(8082, "instagram-adapter"),
            new PortClaim(8083, "whatsapp-bridge"),
            new PortClaim(8084, "identity-service"),
            new PortClaim(8085, "gateway-service"),
            new PortClaim(8086, "platform-simulator"));
  }

  @Test
  void claimsNoKafkaPortWhenAnExternalKafkaIsUsed() {
    MeshPlan plan =
        new MeshPlan(
            new RunPorts(9092, 9093, 15432, 7001), Optional.of("kafka:9092"), Optional.empty());

    assertThat(plan.portClaims())
        .extracting(PortClaim::component)
        .doesNotContain("Kafka", "Kafka controller")
        .contains("PostgreSQL", "platform-simulator");
    assertThat(plan.portClaims()).contains(new PortClaim(7006, "platform-simulator"));
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }
}
