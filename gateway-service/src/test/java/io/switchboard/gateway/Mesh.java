package io.switchboard.gateway;

import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.TestProducer;
import io.switchboard.events.AccountRef;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.Content;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.AccountRoute;
import io.switchboard.events.data.AccountRoute.DeliveryPreference;
import io.switchboard.events.data.AccountRoute.MessageControl;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes what identity-service and the adapters would write, on the real broker. */
public final class Mesh {
  public static final String INSTAGRAM_BUSINESS = "17841400000000001";
  public static final String MESSENGER_BUSINESS = "100000000000001";
  private static final URI SOURCE = MeshEvent.sourceOf("instagram-adapter");
  private static KafkaProducer<String, byte[]> producer;

  private Mesh() {}

  /** A fresh numeric platform id, unique to this test run. */
  public static String newId() {
    return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
  }

  public static AccountRef account(Platform platform) {
    return AccountRef.of(platform, newId());
  }

  /** A person's route as identity-service publishes it, one record per account. */
  public record Person(
      String personId,
      List<AccountRef> accounts,
      boolean crossAppEnabled,
      DeliveryPreference delivery,
      List<MessageControl> controls,
      List<String> blocked) {
    public static Person of(AccountRef... accounts) {
      return new Person(
          UUID.randomUUID().toString(),
          List.of(accounts),
          true,
          new DeliveryPreference("all", null, null),
          List.of(),
          List.of());
    }

    public Person crossApp(boolean enabled) {
      return new Person(personId, accounts, enabled, delivery, controls, blocked);
    }

    public Person controls(MessageControl... controls) {
      return new Person(personId, accounts, crossAppEnabled, delivery, List.of(controls), blocked);
    }

    public Person blocking(Person other) {
      return new Person(
          personId, accounts, crossAppEnabled, delivery, controls, List.of(other.personId()));
    }

    public Person delivery(DeliveryPreference preference) {
      return new Person(personId, accounts, crossAppEnabled, preference, controls, blocked);
    }

    /** Publishes a route for every account and waits for Kafka's acknowledgement. */
    public Person publish(long version) {
      for (AccountRef account : accounts) {
        AccountRoute route =
            new AccountRoute(
                account,
                List.of(),
                personId,
                accounts,
                crossAppEnabled,
                delivery,
                controls,
                blocked,
                List.of(),
                version,
                Instant.now());
        send(
            MeshEventRecords.toRecord(
                Topics.IDENTITY_LINKS,
                MeshEvent.of(EventIds.random(), SOURCE, Instant.now(), route)));
      }
      return this;
    }
  }

  public static MessageControl inboxFromEveryone(Platform source) {
    return new MessageControl(source, "inbox", "inbox");
  }

  /** A message as the Instagram adapter maps a webhook: user to the account it wrote to. */
  public static MeshEvent<MessageCreated> instagramMessage(
      AccountRef from, AccountRef to, Content content) {
    String mid = "mid." + UUID.randomUUID();
    Instant now = Instant.now();
    MessageCreated message =
        new MessageCreated(
            "instagram:" + to.accountId() + ":" + from.accountId(),
            mid,
            from,
            to,
            content,
            null,
            null,
            null,
            now,
            now);
    return new MeshEvent<>(
        EventIds.forPlatformEvent(Platform.INSTAGRAM, EventType.MESSAGE_CREATED, mid),
        SOURCE,
        EventType.MESSAGE_CREATED,
        now,
        message);
  }

  public static PlainContent text(String text) {
    return new PlainContent(text, List.of(), null, false);
  }

  /** What identity-service publishes when an account is unlinked. */
  public static void tombstone(AccountRef account) {
    send(
        new ProducerRecord<>(
            Topics.IDENTITY_LINKS,
            account.platform().wireName() + ":" + account.accountId(),
            null));
  }

  public static void publish(String topic, MeshEvent<?> event) {
    send(MeshEventRecords.toRecord(topic, event));
  }

  private static synchronized void send(ProducerRecord<String, byte[]> record) {
    try {
      producer().send(record).get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("Kafka did not take " + record.topic(), e);
    }
  }

  private static KafkaProducer<String, byte[]> producer() {
    if (producer == null) {
      producer = TestProducer.open(SharedDevstack.endpoints().kafkaBootstrapServers());
    }
    return producer;
  }
}
