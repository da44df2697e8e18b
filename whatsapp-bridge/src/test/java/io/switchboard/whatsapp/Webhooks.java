package io.switchboard.whatsapp;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import io.switchboard.adapter.webhook.WebhookSignatureVerifier;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.EventIds;
import io.switchboard.events.EventType;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.data.EventData;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * WhatsApp webhooks for tests: the payload files under {@code webhooks/}, signed with the test app
 * secret, and what they become. Every {@code wamid} in a file is made unique to this test run when
 * it is loaded, so a file's events are new even against a database that outlived an earlier run.
 */
public final class Webhooks {
  public static final String PATH = "/webhooks/whatsapp";
  public static final String APP_SECRET = "test-whatsapp-app-secret";
  public static final String PHONE_NUMBER_ID = "106540352242922";
  public static final String USER = "16505551234";
  public static final String BSUID = "US.13491208655302741918";
  public static final String DIRECT = "whatsapp:" + PHONE_NUMBER_ID + ":" + USER;

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final WebhookSignatureVerifier SIGNER = new WebhookSignatureVerifier(APP_SECRET);

  private Webhooks() {}

  /** A payload file with this run's wamids. */
  public static byte[] load(String name) {
    return text(name).getBytes(StandardCharsets.UTF_8);
  }

  /** A payload file as text, with this run's wamids. */
  public static String text(String name) {
    try (InputStream in = Webhooks.class.getResourceAsStream("/webhooks/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test payload " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("wamid.", wamid(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The id a file's {@code wamid.<rest>} has in this run. */
  public static String wamid(String rest) {
    return "wamid." + RUN + "." + rest;
  }

  public static ValidatableResponse post(byte[] body) {
    return given()
        .contentType("application/json")
        .header(WebhookSignatureVerifier.HEADER, SIGNER.header(body))
        .body(body)
        .when()
        .post(PATH)
        .then();
  }

  public static ValidatableResponse post(String body) {
    return post(body.getBytes(StandardCharsets.UTF_8));
  }

  public static TopicProbe probe() {
    return TopicProbe.fromNow(
        SharedDevstack.endpoints().kafkaBootstrapServers(), Topics.INBOUND_WHATSAPP);
  }

  public static List<MeshEvent<EventData>> events(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().map(MeshEventRecords::fromRecord).toList();
  }

  public static String eventId(EventType type, String... ids) {
    return EventIds.forPlatformEvent(Platform.WHATSAPP, type, ids);
  }
}
