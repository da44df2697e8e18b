package io.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.switchboard.events.topics.TopicCatalogue;
import io.switchboard.events.topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kafka on Kubernetes as the issue asks for it: a Strimzi cluster of three KRaft brokers that keeps
 * three copies and needs two for a write, and one {@code KafkaTopic} per catalogue topic with the
 * catalogue's partitions and settings.
 */
class StrimziTest {
  private static final String API = "kafka.strimzi.io/v1";

  @ParameterizedTest
  @EnumSource(Overlay.class)
  void everyCatalogueTopicAndNoOtherHasAKafkaTopicWithItsPartitionsAndSettings(Overlay overlay) {
    Map<String, GenericKubernetesResource> rendered =
        overlay.custom("KafkaTopic").stream()
            .collect(Collectors.toMap(t -> t.get("spec", "topicName"), t -> t));
    List<TopicSpec> catalogue = TopicCatalogue.get().topics();

    assertThat(rendered.keySet())
        .containsExactlyInAnyOrderElementsOf(catalogue.stream().map(TopicSpec::name).toList());
    for (TopicSpec topic : catalogue) {
      GenericKubernetesResource resource = rendered.get(topic.name());
      assertThat(resource.getApiVersion()).isEqualTo(API);
      assertThat(resource.getMetadata().getLabels())
          .containsEntry("strimzi.io/cluster", "switchboard");
      assertThat((Integer) resource.get("spec", "partitions"))
          .as(topic.name())
          .isEqualTo(topic.partitions());
      Map<String, Object> config = resource.get("spec", "config");
      assertThat(config)
          .as(topic.name())
          .containsExactlyInAnyOrderEntriesOf(Map.copyOf(topic.config()));
      assertThat(resource.getAdditionalProperties().keySet()).containsOnly("spec");
      assertThat(((Map<String, Object>) resource.get("spec")).keySet())
          .containsOnly("topicName", "partitions", "replicas", "config");
    }
  }

  @Test
  void productionKeepsThreeReplicasAndNeedsTwoForAWrite() {
    Overlay prod = Overlay.PROD;
    GenericKubernetesResource kafka = single(prod, "Kafka");
    Map<String, Object> config = kafka.get("spec", "kafka", "config");

    assertThat(kafka.getApiVersion()).isEqualTo(API);
    assertThat(config)
        .containsEntry("default.replication.factor", 3)
        .containsEntry("min.insync.replicas", 2)
        .containsEntry("offsets.topic.replication.factor", 3)
        .containsEntry("transaction.state.log.min.isr", 2)
        .containsEntry("unclean.leader.election.enable", false)
        .containsEntry("auto.create.topics.enable", false);
    assertThat(prod.custom("KafkaTopic"))
        .allSatisfy(topic -> assertThat((Integer) topic.get("spec", "replicas")).isEqualTo(3));
  }

  @Test
  void productionRunsThreeBrokersAndThreeControllersInKraftNodePools() {
    Map<List<String>, Integer> replicasByRoles =
        Overlay.PROD.custom("KafkaNodePool").stream()
            .collect(Collectors.toMap(p -> p.get("spec", "roles"), p -> p.get("spec", "replicas")));

    assertThat(replicasByRoles)
        .containsOnly(Map.entry(List.of("broker"), 3), Map.entry(List.of("controller"), 3));
  }

  @Test
  void kafkaVersionIsTheOneOfTheServicesClient() {
    String version = single(Overlay.PROD, "Kafka").get("spec", "kafka", "version");

    assertThat(version).isEqualTo(AppInfoParser.getVersion());
  }

  @Test
  void developmentRunsOneNodeAndOneReplicaPerTopic() {
    assertThat(Overlay.DEV.custom("KafkaNodePool"))
        .singleElement()
        .satisfies(
            pool -> {
              assertThat((Integer) pool.get("spec", "replicas")).isEqualTo(1);
              assertThat((List<String>) pool.get("spec", "roles"))
                  .containsExactlyInAnyOrder("controller", "broker");
            });
    assertThat(Overlay.DEV.custom("KafkaTopic"))
        .allSatisfy(topic -> assertThat((Integer) topic.get("spec", "replicas")).isEqualTo(1));
  }

  private static GenericKubernetesResource single(Overlay overlay, String kind) {
    List<GenericKubernetesResource> found = overlay.custom(kind);
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }
}
