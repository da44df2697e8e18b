package io.switchboard.cli.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.cli.testing.KafkaCli;
import io.switchboard.cli.testing.TestTopics;
import io.switchboard.events.topics.TopicCatalogue;
import io.switchboard.events.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicsCommandTest {
  @TempDir Path home;

  @Test
  void comparesTheCatalogueWithTheClusterAndNamesEveryDifference() throws Exception {
    ConfigResource typing = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TYPING);
    String catalogued = TopicCatalogue.get().require(Topics.TYPING).config().get("retention.ms");
    try (Admin admin = TestTopics.admin()) {
      KafkaCli same = KafkaCli.run(home, "topics");
      assertThat(same.exitCode()).as(same.out() + same.err()).isZero();
      assertThat(same.out()).containsPattern("identity.links +6 +ok");

      alterRetention(admin, typing, "1000");
      try {
        KafkaCli differs = KafkaCli.run(home, "topics");

        assertThat(differs.exitCode()).isEqualTo(TopicsCommand.DIFFERS);
        assertThat(differs.out())
            .containsPattern("typing +6 +retention.ms 1000 \\(catalogue " + catalogued + "\\)");
      } finally {
        alterRetention(admin, typing, catalogued);
      }
    }
  }

  private static void alterRetention(Admin admin, ConfigResource topic, String value)
      throws Exception {
    admin
        .incrementalAlterConfigs(
            Map.of(
                topic,
                List.of(
                    new AlterConfigOp(
                        new ConfigEntry("retention.ms", value), AlterConfigOp.OpType.SET))))
        .all()
        .get();
  }
}
