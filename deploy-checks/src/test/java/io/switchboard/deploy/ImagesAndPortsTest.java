package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each service is deployed from its own image and on the port its {@code application.properties}
 * sets, in its Dockerfile, in docker-compose.yml and in every overlay.
 */
class ImagesAndPortsTest {
  private static final Pattern EXPOSE = Pattern.compile("(?m)^EXPOSE (\\d+)$");
  private static final Pattern IMAGE = Pattern.compile("([^:@]+)(:[\\w.-]+)?(@sha256:\\w+)?");

  @ParameterizedTest
  @EnumSource(MeshService.class)
  void dockerfileExposesTheServicePort(MeshService service) {
    String dockerfile =
        Repository.read(
            Repository.path(service.module(), "src", "main", "docker", "Dockerfile.jvm"));
    Matcher expose = EXPOSE.matcher(dockerfile);

    assertThat(expose.find()).as("EXPOSE in %s's Dockerfile.jvm", service.module()).isTrue();
    assertThat(Integer.parseInt(expose.group(1))).isEqualTo(service.configuration().httpPort());
    assertThat(dockerfile).contains("target/quarkus-app/").contains("USER 185");
  }

  @ParameterizedTest
  @EnumSource(MeshService.class)
  void composeRunsTheServiceImageOnItsPortAndChecksItsReadiness(MeshService service) {
    JsonNode compose = ComposeFile.read().service(service.module());
    int port = service.configuration().httpPort();

    assertThat(repository(compose.path("image").asText())).isEqualTo(service.image());
    assertThat(compose.path("build").path("context").asText()).isEqualTo("./" + service.module());
    assertThat(compose.path("build").path("dockerfile").asText())
        .isEqualTo("src/main/docker/Dockerfile.jvm");
    assertThat(compose.path("ports").get(0).asText()).isEqualTo(port + ":" + port);
    assertThat(compose.path("healthcheck").path("test").toString())
        .contains("http://localhost:" + port + "/q/health/ready");
  }

  @Test
  void composeRunsTheKafkaOfTheServicesClient() {
    ComposeFile compose = ComposeFile.read();
    String image = "apache/kafka:" + AppInfoParser.getVersion();

    assertThat(compose.service("kafka").path("image").asText()).isEqualTo(image);
    assertThat(compose.service("kafka-topics").path("image").asText()).isEqualTo(image);
  }

  @ParameterizedTest
  @EnumSource(Overlay.class)
  void everyDeploymentRunsAServiceImageOnItsPortBehindAServiceOfTheSamePort(Overlay overlay) {
    List<String> checked = new ArrayList<>();
    for (Deployment deployment : overlay.all(Deployment.class)) {
      MeshService service = MeshService.named(deployment.getMetadata().getName());
      int port = service.configuration().httpPort();
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

      assertThat(repository(container.getImage())).isEqualTo(service.image());
      assertThat(container.getPorts())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(port);
              });
      Service kubernetesService =
          overlay.all(Service.class).stream()
              .filter(s -> s.getMetadata().getName().equals(service.module()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no Service for " + service.module()));
      assertThat(kubernetesService.getSpec().getSelector())
          .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
      assertThat(kubernetesService.getSpec().getPorts())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.getPort()).isEqualTo(port);
                assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
              });
      checked.add(service.module());
    }
    assertThat(checked).isNotEmpty();
  }

  /** The image without its tag or digest. */
  private static String repository(String image) {
    Matcher m = IMAGE.matcher(image);
    assertThat(m.matches()).as(image).isTrue();
    return m.group(1);
  }
}
