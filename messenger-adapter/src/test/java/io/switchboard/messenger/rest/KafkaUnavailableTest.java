package io.switchboard.messenger.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.devstack.testing.DevstackTestResource;
import io.switchboard.messenger.dedupe.DedupeRows;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * When Kafka cannot take a webhook's events, Meta must be told to retry: 503, not 200, and the
 * events must not be remembered as taken, or the retry would be dropped as a duplicate.
 */
@QuarkusTest
@QuarkusTestResource(
    value = DevstackTestResource.class,
    initArgs = @ResourceArg(name = "database", value = "true"))
@TestProfile(KafkaUnavailableTest.UnreachableKafka.class)
class KafkaUnavailableTest {
  @Inject DataSource db;

  /** Points the inbound channel at a port where no broker listens. */
  public static class UnreachableKafka implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "mp.messaging.outgoing.\"inbound.messenger\".bootstrap.servers", "127.0.0.1:1",
          "mp.messaging.outgoing.\"inbound.messenger\".max.block.ms", "1500",
          "switchboard.webhook.ack-timeout", "3s");
    }
  }

  @Test
  void answersServiceUnavailableSoMetaRetriesAndReleasesTheClaims() {
    String mid = "m_unavailable_" + UUID.randomUUID();
    SignedWebhooks.post(SignedWebhooks.batch(mid))
        .statusCode(503)
        .body("error", equalTo("unavailable"));

    // No claim is left, so Meta's retry is claimed and published like a new webhook (the
    // devstack's database is shared with the other test classes, whatever their profile).
    assertThat(DedupeRows.states(db, SignedWebhooks.eventId(mid))).isEmpty();
  }
}
