package io.switchboard.devstack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.SharedDevstack;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the devstack's real Kafka (and, with the init argument {@code
 * database=true}, its real PostgreSQL). The devstack is shared by every test of the JVM and stops
 * with it, so test profiles that restart Quarkus do not restart Kafka.
 */
public class DevstackTestResource implements QuarkusTestResourceLifecycleManager {
  private boolean database;

  @Override
  public void init(Map<String, String> initArgs) {
    database = Boolean.parseBoolean(initArgs.getOrDefault("database", "false"));
  }

  @Override
  public Map<String, String> start() {
    Endpoints endpoints = SharedDevstack.endpoints();
    Map<String, String> config = new HashMap<>();
    config.put("kafka.bootstrap.servers", endpoints.kafkaBootstrapServers());
    if (database) {
      endpoints.reactiveUrl().ifPresent(url -> config.put("quarkus.datasource.reactive.url", url));
      endpoints.jdbcUrl().ifPresent(url -> config.put("quarkus.datasource.jdbc.url", url));
      config.put("quarkus.datasource.username", endpoints.databaseUsername());
      config.put("quarkus.datasource.password", endpoints.databasePassword());
    }
    return config;
  }

  @Override
  public void stop() {
    // Shared by the whole test JVM; SharedDevstack stops it when the JVM ends.
  }
}
