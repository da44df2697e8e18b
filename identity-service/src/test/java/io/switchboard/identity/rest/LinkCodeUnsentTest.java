package io.switchboard.identity.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.identity.LinkFlow;
import io.switchboard.identity.People;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(LinkCodeUnsentTest.KafkaUnreachable.class)
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class LinkCodeUnsentTest {

  /** identity-service's producer points at a port where no broker listens. */
  public static class KafkaUnreachable implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("switchboard.outbox.bootstrap-servers", "127.0.0.1:9");
    }
  }

  @Inject DataSource database;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void answersUnavailableAndStoresNothingWhenTheCodeCannotBeSent() throws Exception {
    String psid = People.numericId();
    String personId = People.register("messenger", psid);

    LinkFlow.start(personId, LinkFlow.body("messenger", psid, "instagram", People.numericId()))
        .statusCode(503)
        .body("error", equalTo("unavailable"));

    try (Connection connection = database.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*) FROM link_request WHERE person_id = ?::uuid")) {
      statement.setString(1, personId);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        assertThat(rows.getLong(1)).isZero();
      }
    }
  }
}
