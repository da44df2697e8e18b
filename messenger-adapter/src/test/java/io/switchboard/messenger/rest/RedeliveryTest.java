package io.switchboard.messenger.rest;

import static io.restassured.RestAssured.given;
import static io.switchboard.messenger.rest.SignedWebhooks.batch;
import static io.switchboard.messenger.rest.SignedWebhooks.eventId;
import static io.switchboard.messenger.rest.SignedWebhooks.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.messenger.dedupe.DedupeRows;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Meta redelivers webhooks; every event reaches Kafka once however often it arrives. */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
class RedeliveryTest {
  @Inject DataSource db;

  @BeforeAll
  static void logFailures() {
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  @Test
  void theSameBatchPostedThreeTimesGivesOneEventPerMessage() {
    String first = mid();
    String second = mid();
    byte[] body = batch(first, second);
    try (TopicProbe probe = SignedWebhooks.probe()) {
      post(body).statusCode(200).body("accepted", equalTo(2)).body("duplicates", equalTo(0));
      post(body).statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(2));
      post(body).statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(2));

      assertThat(idsOf(probe.await(2, Duration.ofSeconds(10))))
          .containsExactly(eventId(first), eventId(second));
      assertThat(probe.drain(Duration.ofMillis(500))).isEmpty();
    }
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString("switchboard_webhook_duplicates_total{component=\"messenger-adapter\""));
  }

  @Test
  void anEventInTwoDifferentBatchesIsPublishedOnce() {
    String shared = mid();
    String onlyInSecond = mid();
    try (TopicProbe probe = SignedWebhooks.probe()) {
      post(batch(mid(), shared)).statusCode(200).body("accepted", equalTo(2));
      post(batch(shared, onlyInSecond))
          .statusCode(200)
          .body("accepted", equalTo(1))
          .body("duplicates", equalTo(1));

      List<String> ids = idsOf(probe.await(3, Duration.ofSeconds(10)));
      assertThat(ids).containsOnlyOnce(eventId(shared));
      assertThat(ids).endsWith(eventId(onlyInSecond));
      assertThat(probe.drain(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Test
  void anEventTwiceInOneBatchIsPublishedOnce() {
    String twice = mid();
    try (TopicProbe probe = SignedWebhooks.probe()) {
      post(batch(twice, twice))
          .statusCode(200)
          .body("accepted", equalTo(1))
          .body("duplicates", equalTo(1));

      assertThat(idsOf(probe.await(1, Duration.ofSeconds(10)))).containsExactly(eventId(twice));
      assertThat(probe.drain(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Test
  void anEventPublishedBeforeARestartIsStillADuplicate() {
    // What an earlier process left behind: the decision lives in the table, not in memory.
    String mid = mid();
    DedupeRows.execute(
        db,
        "INSERT INTO adapter.webhook_dedupe (event_id, claimed_at, published_at, expires_at)"
            + " VALUES (?, now() - interval '20 hours', now() - interval '20 hours',"
            + " now() + interval '16 hours')",
        eventId(mid));
    try (TopicProbe probe = SignedWebhooks.probe()) {
      post(batch(mid)).statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(1));

      assertThat(probe.drain(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Test
  void anEventClaimedByACrashedRequestIsPublishedByTheRetry() {
    // Claimed long ago and never marked published: the process died before Kafka acknowledged.
    String mid = mid();
    DedupeRows.execute(
        db,
        "INSERT INTO adapter.webhook_dedupe (event_id, claimed_at, expires_at)"
            + " VALUES (?, now() - interval '5 minutes', now() + interval '35 hours')",
        eventId(mid));
    try (TopicProbe probe = SignedWebhooks.probe()) {
      post(batch(mid)).statusCode(200).body("accepted", equalTo(1)).body("duplicates", equalTo(0));

      assertThat(idsOf(probe.await(1, Duration.ofSeconds(10)))).containsExactly(eventId(mid));
    }
    // The mark follows the answer: Kafka has the event, the table learns it a moment later.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(DedupeRows.states(db, eventId(mid))).containsExactly("published"));
  }

  private static String mid() {
    return "m_redelivered_" + UUID.randomUUID();
  }

  private static List<String> idsOf(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().map(MeshEventRecords::fromRecord).map(MeshEvent::id).toList();
  }
}
