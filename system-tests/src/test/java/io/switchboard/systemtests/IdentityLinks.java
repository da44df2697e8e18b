package io.switchboard.systemtests;

import io.switchboard.devstack.testing.TestProducer;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Routes on {@code identity.links} as identity-service's outbox publishes them, for system tests
 * that run a service reading the topic without identity-service (whatsapp-bridge's device keys).
 */
final class IdentityLinks {
  private IdentityLinks() {}

  /**
   * Publishes the route of {@code account}, a person of its own, naming {@code deviceKeyIds} as
   * that person's current device keys, and waits for the broker's acknowledgement.
   */
  static void publish(String bootstrapServers, AccountRef account, List<String> deviceKeyIds)
      throws Exception {
    send(
        bootstrapServers,
        List.of(
            new AccountRoute(
                account,
                List.of(),
                UUID.randomUUID().toString(),
                List.of(account),
                true,
                new AccountRoute.DeliveryPreference("all", null, null),
                List.of(),
                List.of(),
                deviceKeyIds,
                System.currentTimeMillis(),
                Instant.now())));
  }

  /**
   * Publishes a person with several accounts (one route per account), as identity-service does once
   * the person linked them, and waits for the broker's acknowledgements.
   */
  static void publishPerson(
      String bootstrapServers,
      String personId,
      List<AccountRef> accounts,
      boolean crossAppEnabled,
      List<AccountRoute.MessageControl> controls,
      List<String> blockedPersonIds)
      throws Exception {
    long version = System.currentTimeMillis();
    List<AccountRoute> routes =
        accounts.stream()
            .map(
                account ->
                    new AccountRoute(
                        account,
                        List.of(),
                        personId,
                        accounts,
                        crossAppEnabled,
                        new AccountRoute.DeliveryPreference("all", null, null),
                        controls,
                        blockedPersonIds,
                        List.of(),
                        version,
                        Instant.now()))
            .toList();
    send(bootstrapServers, routes);
  }

  private static void send(String bootstrapServers, List<AccountRoute> routes) throws Exception {
    try (KafkaProducer<String, byte[]> producer = TestProducer.open(bootstrapServers)) {
      for (AccountRoute route : routes) {
        producer
            .send(
                MeshEventRecords.toRecord(
                    Topics.IDENTITY_LINKS,
                    MeshEvent.of(
                        EventIds.random(),
                        MeshEvent.sourceOf("identity-service"),
                        Instant.now(),
                        route)))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }
}
