package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every overlay renders, every object is one the Kubernetes API knows field by field, and every
 * Deployment has what a platform team looks for first: probes on Quarkus' health endpoints,
 * requests and limits, a locked-down security context, secrets by reference only.
 */
class KustomizeOverlaysTest {
  @ParameterizedTest
  @EnumSource(Overlay.class)
  void rendersAndEveryObjectParsesWithoutUnknownFields(Overlay overlay) {
    assertThat(overlay.objects())
        .isNotEmpty()
        .allSatisfy(object -> assertThat(StrictModel.unknownFields(object)).isEmpty());
  }

  @ParameterizedTest
  @EnumSource(Overlay.class)
  void everyDeploymentProbesQuarkusHealthEndpoints(Overlay overlay) {
    for (Container container : containers(overlay)) {
      assertThat(path(container.getStartupProbe()))
          .as(container.getName())
          .isEqualTo("/q/health/started");
      assertThat(path(container.getLivenessProbe()))
          .as(container.getName())
          .isEqualTo("/q/health/live");
      assertThat(path(container.getReadinessProbe()))
          .as(container.getName())
          .isEqualTo("/q/health/ready");
    }
  }

  @ParameterizedTest
  @EnumSource(Overlay.class)
  void everyContainerHasRequestsAndLimits(Overlay overlay) {
    for (Container container : containers(overlay)) {
      assertThat(container.getResources().getRequests())
          .as(container.getName())
          .containsKeys("cpu", "memory");
      assertThat(container.getResources().getLimits())
          .as(container.getName())
          .containsKeys("cpu", "memory");
    }
  }

  @ParameterizedTest
  @EnumSource(Overlay.class)
  void everyPodRunsAsNonRootOnAReadOnlyRootWithAWritableTmp(Overlay overlay) {
    for (Deployment deployment : overlay.all(Deployment.class)) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      String name = deployment.getMetadata().getName();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
      assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
      for (Container container : pod.getContainers()) {
        var security = container.getSecurityContext();
        assertThat(security.getReadOnlyRootFilesystem()).as(name).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).as(name).isFalse();
        assertThat(security.getCapabilities().getDrop()).as(name).containsExactly("ALL");
        assertThat(container.getVolumeMounts())
            .as(name)
            .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
      }
      assertThat(pod.getVolumes())
          .as(name)
          .filteredOn(volume -> volume.getName().equals("tmp"))
          .singleElement()
          .extracting(Volume::getEmptyDir)
          .isNotNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Overlay.class)
  void noSecretIsCommittedOnlyReferencedByName(Overlay overlay) {
    assertThat(overlay.all(Secret.class)).isEmpty();
    assertThat(containers(overlay))
        .flatExtracting(Container::getEnv)
        .filteredOn(env -> env.getName().matches(".*(SECRET|TOKEN|PASSWORD|PEPPER).*"))
        .isNotEmpty()
        .allSatisfy(
            env -> {
              assertThat(env.getValue()).as(env.getName()).isNull();
              assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
            });
  }

  @ParameterizedTest
  @EnumSource(Overlay.class)
  void everyObjectIsLabelledAsPartOfTheMesh(Overlay overlay) {
    assertThat(overlay.objects())
        .extracting(HasMetadata::getMetadata)
        .allSatisfy(
            metadata ->
                assertThat(metadata.getLabels())
                    .containsEntry("app.kubernetes.io/part-of", "switchboard"));
  }

  static java.util.List<Container> containers(Overlay overlay) {
    return overlay.all(Deployment.class).stream()
        .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
        .toList();
  }

  private static String path(Probe probe) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    return probe.getHttpGet().getPath();
  }
}
