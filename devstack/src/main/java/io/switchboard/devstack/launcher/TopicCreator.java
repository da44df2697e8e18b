package io.switchboard.devstack.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the catalogue's topics that do not exist yet; leaves existing ones alone. */
final class TopicCreator {
  private TopicCreator() {}

  static int createMissing(
      String bootstrapServers, Path catalogue, Optional<Short> replicationFactor)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    JsonNode root = new ObjectMapper().readTree(catalogue.toFile());
    Properties props = new Properties();
    props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (JsonNode topic : root.path("topics")) {
        String name = topic.path("name").asText();
        if (existing.contains(name)) {
          continue;
        }
        Map<String, String> config = new HashMap<>();
        topic
            .path("config")
            .fields()
            .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        missing.add(
            new NewTopic(name, Optional.of(topic.path("partitions").asInt(1)), replicationFactor)
                .configs(config));
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
      }
      return missing.size();
    }
  }
}
