package io.switchboard.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.LocalJwt;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.testing.DevstackExtension;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * identity-service commits a change and its outbox record together; if it dies before Kafka took
 * the record, the record is published when the service comes back. Here it dies by SIGKILL while
 * its outbox cannot reach Kafka, and is restarted with Kafka reachable.
 */
@ExtendWith(DevstackExtension.class)
class IdentityOutboxCrashSystemTest {
  private static final LocalJwt JWT = LocalJwt.generate();
  private static Endpoints devstack;
  private static Path publicKey;
  private ServiceProcess identity;

  @BeforeAll
  static void prepare(Endpoints endpoints) {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    devstack = endpoints;
    publicKey =
        JWT.writePublicKey(
            Path.of(System.getProperty("switchboard.build.dir", "target"), "jwt", "public.pem"));
  }

  @AfterEach
  void stop() {
    if (identity != null) {
      identity.close();
    }
  }

  @Test
  void aChangeCommittedBeforeACrashIsPublishedAfterTheRestart() throws Exception {
    String psid =
        String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
    String key = "messenger:" + psid;
    try (TopicProbe probe =
        TopicProbe.fromNow(devstack.kafkaBootstrapServers(), Topics.IDENTITY_LINKS)) {
      identity = start(Map.of("SWITCHBOARD_OUTBOX_BOOTSTRAP_SERVERS", "127.0.0.1:1"));
      String personId =
          given()
              .baseUri(identity.baseUrl())
              .auth()
              .oauth2(JWT.service())
              .contentType("application/json")
              .body("{\"account\":{\"platform\":\"messenger\",\"accountId\":\"" + psid + "\"}}")
              .when()
              .post("/api/v1/people")
              .then()
              .statusCode(201)
              .extract()
              .path("id");
      assertThat(outboxKeys()).as("committed with the change").contains(key);

      ProcessHandle.of(identity.pid()).ifPresent(ProcessHandle::destroyForcibly);
      await().atMost(Duration.ofSeconds(10)).until(() -> !identity.isAlive());
      assertThat(probe.drain(Duration.ofMillis(500))).as("nothing reached Kafka").isEmpty();

      identity = start(Map.of());

      List<ConsumerRecord<String, byte[]>> records = probe.await(1, Duration.ofSeconds(30));
      ConsumerRecord<String, byte[]> record = records.get(0);
      assertThat(record.key()).isEqualTo(key);
      AccountRoute route = (AccountRoute) MeshEventRecords.fromRecord(record).data();
      assertThat(route.personId()).isEqualTo(personId);
      await().atMost(Duration.ofSeconds(10)).until(() -> !outboxKeys().contains(key));
    }
  }

  private ServiceProcess start(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("QUARKUS_DATASOURCE_REACTIVE_URL", devstack.reactiveUrl().orElseThrow());
    env.put("QUARKUS_DATASOURCE_JDBC_URL", devstack.jdbcUrl().orElseThrow());
    env.put("QUARKUS_DATASOURCE_USERNAME", devstack.databaseUsername());
    env.put("QUARKUS_DATASOURCE_PASSWORD", devstack.databasePassword());
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey.toAbsolutePath().toString());
    env.put("SWITCHBOARD_LINKING_CODE_PEPPER", "system-test-pepper");
    return MeshServices.start("identity-service", devstack, env);
  }

  private static List<String> outboxKeys() throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                devstack.jdbcUrl().orElseThrow(),
                devstack.databaseUsername(),
                devstack.databasePassword());
        PreparedStatement statement = connection.prepareStatement("SELECT record_key FROM outbox");
        ResultSet rows = statement.executeQuery()) {
      List<String> keys = new java.util.ArrayList<>();
      while (rows.next()) {
        keys.add(rows.getString(1));
      }
      return keys;
    }
  }
}
