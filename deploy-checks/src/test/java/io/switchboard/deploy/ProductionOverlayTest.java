package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What production adds to the base, and what it leaves out. */
class ProductionOverlayTest {
  private static final List<String> EDGES =
      List.of("messenger-adapter", "instagram-adapter", "whatsapp-bridge", "gateway-service");
  private static final List<String> SERVICES =
      List.of(
          "messenger-adapter",
          "instagram-adapter",
          "whatsapp-bridge",
          "identity-service",
          "gateway-service");

  private final Overlay prod = Overlay.PROD;

  @Test
  void runsTheFiveServicesAndNoSimulator() {
    assertThat(prod.all(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(SERVICES);
  }

  @Test
  void developmentRunsOneOfEachAndTheSimulator() {
    assertThat(Overlay.DEV.all(Deployment.class))
        .allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(1))
        .extracting(d -> d.getMetadata().getName())
        .contains("platform-simulator");
  }

  @Test
  void autoscalesTheAdaptersAndTheGateway() {
    assertThat(prod.all(HorizontalPodAutoscaler.class))
        .allSatisfy(
            hpa -> {
              assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
              assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
            })
        .extracting(hpa -> hpa.getSpec().getScaleTargetRef().getName())
        .containsExactlyInAnyOrderElementsOf(EDGES);
    for (String edge : EDGES) {
      assertThat(prod.deployment(edge).getSpec().getReplicas())
          .as("%s leaves its replicas to the autoscaler", edge)
          .isNull();
    }
  }

  @Test
  void everyServiceHasADisruptionBudgetSelectingItsPods() {
    Map<String, PodDisruptionBudget> budgets =
        prod.all(PodDisruptionBudget.class).stream()
            .collect(Collectors.toMap(b -> b.getMetadata().getName(), b -> b));

    assertThat(budgets).containsOnlyKeys(SERVICES);
    for (String service : SERVICES) {
      assertThat(budgets.get(service).getSpec().getSelector().getMatchLabels())
          .isEqualTo(prod.deployment(service).getSpec().getSelector().getMatchLabels());
    }
  }

  @Test
  void everyServiceSpreadsAcrossZones() {
    for (String service : SERVICES) {
      assertThat(
              prod.deployment(service)
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getTopologySpreadConstraints())
          .as(service)
          .anySatisfy(
              constraint -> {
                assertThat(constraint.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
                assertThat(constraint.getLabelSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", service);
              });
    }
  }

  @Test
  void denyIngressByDefaultAndLetOnlyTheIngressControllerReachTheEdges() {
    Map<String, NetworkPolicy> policies =
        prod.all(NetworkPolicy.class).stream()
            .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));

    assertThat(policies.get("default-deny-ingress").getSpec().getPodSelector().getMatchLabels())
        .isNullOrEmpty();
    assertThat(policies.get("default-deny-ingress").getSpec().getIngress()).isNullOrEmpty();
    assertThat(
            policies
                .get("edges-from-ingress-controller")
                .getSpec()
                .getPodSelector()
                .getMatchExpressions())
        .singleElement()
        .satisfies(e -> assertThat(e.getValues()).containsExactlyInAnyOrderElementsOf(EDGES));
    assertThat(policies.get("identity-service-from-mesh").getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getFrom())
                    .allSatisfy(peer -> assertThat(peer.getNamespaceSelector()).isNull()));
  }

  @Test
  void ingressRoutesOnlyTheWebhooksAndTheClientAppsDoor() {
    List<HTTPIngressPath> paths =
        prod.all(Ingress.class).stream()
            .flatMap(i -> i.getSpec().getRules().stream())
            .flatMap(r -> r.getHttp().getPaths().stream())
            .toList();

    assertThat(paths)
        .extracting(p -> p.getPath() + " -> " + p.getBackend().getService().getName())
        .containsExactlyInAnyOrder(
            "/webhooks/messenger -> messenger-adapter",
            "/webhooks/instagram -> instagram-adapter",
            "/webhooks/whatsapp -> whatsapp-bridge",
            "/ws/v1 -> gateway-service",
            "/ -> gateway-service",
            "/app -> gateway-service",
            "/api/v1/people -> gateway-service");
  }

  @Test
  void theWebSocketIngressKeepsIdleConnectionsForAnHour() {
    Ingress websocket =
        prod.all(Ingress.class).stream()
            .filter(i -> i.getMetadata().getName().equals("websocket"))
            .findFirst()
            .orElseThrow();

    assertThat(websocket.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600");
  }

  @Test
  void theGatewayFinishesShuttingDownWithinItsGracePeriod() {
    PodSpec pod = prod.deployment("gateway-service").getSpec().getTemplate().getSpec();
    Container gateway = pod.getContainers().get(0);
    long preStop =
        Long.parseLong(gateway.getLifecycle().getPreStop().getExec().getCommand().get(1));
    long requests = seconds(gateway, "QUARKUS_SHUTDOWN_TIMEOUT");
    long closeFrames =
        MeshService.GATEWAY_SERVICE
            .configuration()
            .value("switchboard.gateway.websocket.shutdown-timeout")
            .map(ProductionOverlayTest::seconds)
            .orElse(0L);

    assertThat(pod.getTerminationGracePeriodSeconds())
        .isGreaterThan(preStop + requests + closeFrames);
  }

  private static long seconds(Container container, String variable) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(variable))
        .map(EnvVar::getValue)
        .map(ProductionOverlayTest::seconds)
        .findFirst()
        .orElseThrow(() -> new AssertionError("the gateway sets no " + variable));
  }

  /** A Quarkus duration such as {@code 30s}. */
  private static long seconds(String duration) {
    return Duration.parse("PT" + duration.toUpperCase(java.util.Locale.ROOT)).toSeconds();
  }
}
