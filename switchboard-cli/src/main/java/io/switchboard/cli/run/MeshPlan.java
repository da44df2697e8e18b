package io.switchboard.cli.run;

import io.switchboard.devstack.DevstackOptions.ExternalDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code up} runs and on which ports: Kafka and PostgreSQL (unless external ones are given),
 * then the five services and the platform simulator.
 */
public record MeshPlan(
    RunPorts ports, Optional<String> externalKafka, Optional<ExternalDatabase> externalDatabase) {

  /**
   * The business accounts of the local mesh (a page, an Instagram professional account, a WhatsApp
   * phone-number id): link codes are sent from them, and the simulator serves them.
   */
  public static final java.util.Map<String, String> BUSINESS_ACCOUNTS =
      java.util.Map.of(
          "messenger", "100000000000001",
          "instagram", "17841400000000001",
          "whatsapp", "100000000000002");

  public static final String KAFKA = "kafka";
  public static final String POSTGRESQL = "postgresql";

  /** A port the plan needs, and who needs it. */
  public record PortClaim(int port, String component) {}

  /** Every port this plan will listen on, for the check before anything starts. */
  public List<PortClaim> portClaims() {
    List<PortClaim> claims = new ArrayList<>();
    if (externalKafka.isEmpty()) {
      claims.add(new PortClaim(ports.kafka(), "Kafka"));
      claims.add(new PortClaim(ports.kafkaController(), "Kafka controller"));
    }
    if (externalDatabase.isEmpty()) {
      claims.add(new PortClaim(ports.postgres(), "PostgreSQL"));
    }
    for (ServiceSpec service : services()) {
      claims.add(new PortClaim(service.port(), service.name()));
    }
    return claims;
  }

  /** The webhook URL of a platform's adapter in this plan. */
  public String webhookUrl(String platform) {
    int offset = List.of("messenger", "instagram", "whatsapp").indexOf(platform);
    if (offset < 0) {
      throw new IllegalArgumentException("no adapter for " + platform);
    }
    return "http://127.0.0.1:" + (ports.firstService() + offset) + "/webhooks/" + platform;
  }

  /** The services in start order, on consecutive ports. */
  public List<ServiceSpec> services() {
    int port = ports.firstService();
    return List.of(
        adapter("messenger-adapter", port, "messenger"),
        adapter("instagram-adapter", port + 1, "instagram"),
        adapter("whatsapp-bridge", port + 2, "whatsapp"),
        service("identity-service", port + 3, List.of()),
        service(
            "gateway-service",
            port + 4,
            List.of(
                new Link(
                    "http://127.0.0.1:" + (port + 4) + "/",
                    "web client: sign in as a demo person (docs/web-client.md)"),
                new Link(
                    "ws://127.0.0.1:" + (port + 4) + "/ws/v1?deviceId=…",
                    "client WebSocket (docs/gateway.md)"))),
        service(
            "platform-simulator",
            port + 5,
            List.of(
                new Link(
                    "http://127.0.0.1:" + (port + 5),
                    "Graph and Cloud API stand-in; /simulator/calls, /simulator/webhooks/{platform}"))));
  }

  private static ServiceSpec adapter(String name, int port, String platform) {
    return service(
        name,
        port,
        List.of(new Link("http://127.0.0.1:" + port + "/webhooks/" + platform, "webhook")));
  }

  private static ServiceSpec service(String name, int port, List<Link> own) {
    String base = "http://127.0.0.1:" + port;
    List<Link> links = new ArrayList<>(own);
    links.add(new Link(base + "/q/openapi", "REST API (OpenAPI)"));
    links.add(new Link(base + "/q/metrics", "metrics"));
    links.add(
        new Link(base + "/q/health/ready", "health (readiness; /q/health/live for liveness)"));
    return new ServiceSpec(name, port, List.copyOf(links));
  }
}
