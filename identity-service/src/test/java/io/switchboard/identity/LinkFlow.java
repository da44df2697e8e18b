package io.switchboard.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.ValidatableResponse;
import io.switchboard.devstack.SharedDevstack;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.content.PlainContent;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.MeshEventRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Starts and confirms links for tests, reading the codes where the adapters would. */
public final class LinkFlow {
  private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

  private LinkFlow() {}

  /** What arrives on {@code outbound.<platform>}, where link codes leave the mesh. */
  public static Outbound outbound(String platform) {
    return new Outbound(
        TopicProbe.fromNow(
            SharedDevstack.endpoints().kafkaBootstrapServers(), "outbound." + platform));
  }

  /** Messages on an outbound topic from the moment it was opened, kept as they are read. */
  public static final class Outbound implements AutoCloseable {
    private final TopicProbe probe;
    private final Map<String, ConsumerRecord<String, byte[]>> byMessageId = new HashMap<>();

    private Outbound(TopicProbe probe) {
      this.probe = probe;
    }

    /** The message that carried the link's code. */
    public MessageCreated messageOf(String linkId) {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
      while (!byMessageId.containsKey("link-" + linkId) && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> record : probe.drain(Duration.ofMillis(200))) {
          if (MeshEventRecords.fromRecord(record).data() instanceof MessageCreated message) {
            byMessageId.put(message.messageId(), record);
          }
        }
      }
      ConsumerRecord<String, byte[]> record = byMessageId.get("link-" + linkId);
      if (record == null) {
        throw new AssertionError("no code arrived for link " + linkId);
      }
      MessageCreated message = (MessageCreated) MeshEventRecords.fromRecord(record).data();
      assertThat(record.key()).isEqualTo(message.conversationId());
      return message;
    }

    /** The six digits in the link's message. */
    public String codeOf(String linkId) {
      String text = ((PlainContent) messageOf(linkId).content()).text();
      Matcher matcher = CODE.matcher(text);
      assertThat(matcher.find()).as("the message carries a six-digit code").isTrue();
      return matcher.group(1);
    }

    /** Messages to {@code accountId} read within {@code window}, besides those read before. */
    public List<MessageCreated> messagesTo(String accountId, Duration window) {
      probe
          .drain(window)
          .forEach(
              r -> {
                if (MeshEventRecords.fromRecord(r).data() instanceof MessageCreated message) {
                  byMessageId.put(message.messageId(), r);
                }
              });
      return byMessageId.values().stream()
          .map(r -> (MessageCreated) MeshEventRecords.fromRecord(r).data())
          .filter(m -> m.recipient().accountId().equals(accountId))
          .toList();
    }

    @Override
    public void close() {
      probe.close();
    }
  }

  public static Map<String, Object> body(
      String fromPlatform, String fromId, String targetPlatform, String targetId) {
    return Map.of(
        "from", Map.of("platform", fromPlatform, "accountId", fromId),
        "target", Map.of("platform", targetPlatform, "accountId", targetId));
  }

  public static ValidatableResponse start(String personId, Map<String, Object> body) {
    return given()
        .auth()
        .oauth2(Tokens.person(personId))
        .contentType("application/json")
        .body(body)
        .when()
        .post("/api/v1/people/" + personId + "/links")
        .then();
  }

  /** Starts a link and returns its id. */
  public static String started(
      String personId, String fromPlatform, String fromId, String targetPlatform, String targetId) {
    return start(personId, body(fromPlatform, fromId, targetPlatform, targetId))
        .statusCode(202)
        .extract()
        .path("linkId");
  }

  public static ValidatableResponse confirm(String personId, String linkId, String code) {
    return given()
        .auth()
        .oauth2(Tokens.person(personId))
        .contentType("application/json")
        .body(Map.of("code", code))
        .when()
        .post("/api/v1/people/" + personId + "/links/" + linkId + "/confirm")
        .then();
  }

  /** A code that is not {@code code}. */
  public static String wrong(String code) {
    return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
  }

  /** Links a fresh account on {@code targetPlatform} through the whole flow; returns its id. */
  public static String linkNew(
      String personId, String fromPlatform, String fromId, String targetPlatform) {
    String targetId = People.numericId();
    try (Outbound outbound = outbound(targetPlatform)) {
      String linkId = started(personId, fromPlatform, fromId, targetPlatform, targetId);
      confirm(personId, linkId, outbound.codeOf(linkId)).statusCode(200);
    }
    return targetId;
  }
}
