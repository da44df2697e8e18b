package io.switchboard.identity.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.events.AccountRef;
import io.switchboard.events.Platform;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.routing.RoutingView;
import io.switchboard.events.topics.Topics;
import io.switchboard.identity.People;
import io.switchboard.identity.Tokens;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The gateway will route from identity.links alone, so the topic must hold the whole truth: a
 * consumer that reads it from the beginning ends with exactly what identity-service answers.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class RoutingRebuildTest {
  @Inject DataSource database;

  @Test
  void aConsumerReadingIdentityLinksFromTheStartRebuildsTheRoutingView() throws Exception {
    List<AccountRef> kept = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String psid = People.numericId();
      People.register("messenger", psid);
      kept.add(AccountRef.of(Platform.MESSENGER, psid));
    }
    String igsid = People.numericId();
    String erased = People.register("instagram", igsid);
    given()
        .auth()
        .oauth2(Tokens.service())
        .when()
        .delete("/api/v1/people/" + erased)
        .then()
        .statusCode(204);
    await().atMost(Duration.ofSeconds(15)).until(() -> outboxSize() == 0);

    RoutingView view = rebuild();

    for (AccountRef account : kept) {
      Map<String, Object> resolved =
          given()
              .auth()
              .oauth2(Tokens.service())
              .queryParam("platform", account.platform().wireName())
              .queryParam("accountId", account.accountId())
              .when()
              .get("/api/v1/resolve")
              .then()
              .statusCode(200)
              .extract()
              .as(Map.class);
      AccountRoute route = view.find(account).orElseThrow();
      assertThat(route.personId()).isEqualTo(resolved.get("personId"));
      assertThat(route.version()).isEqualTo(((Number) resolved.get("version")).longValue());
    }
    assertThat(view.find(AccountRef.of(Platform.INSTAGRAM, igsid))).isEmpty();
  }

  private RoutingView rebuild() {
    Properties props = new Properties();
    props.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        SharedDevstack.endpoints().kafkaBootstrapServers());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "rebuild-" + UUID.randomUUID());
    RoutingView view = new RoutingView();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.IDENTITY_LINKS).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          view.apply(record);
        }
      }
    }
    return view;
  }

  private long outboxSize() throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM outbox")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
