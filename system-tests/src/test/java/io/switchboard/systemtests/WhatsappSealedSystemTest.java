package io.switchboard.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.switchboard.devstack.Endpoints;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.testing.DevstackExtension;
import io.switchboard.devstack.testing.TopicProbe;
import io.switchboard.events.AccountRef;
import io.switchboard.events.MeshEvent;
import io.switchboard.events.Platform;
import io.switchboard.events.content.SealedContent;
import io.switchboard.events.content.SealedEnvelope;
import io.switchboard.events.data.EventData;
import io.switchboard.events.data.MessageCreated;
import io.switchboard.events.kafka.MeshEventRecords;
import io.switchboard.events.sealed.DevicePrivateKey;
import io.switchboard.events.sealed.SealedMessageException;
import io.switchboard.events.sealed.SealedMessages;
import io.switchboard.events.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WhatsApp's promise, end to end through the real whatsapp-bridge: a WhatsApp user's message sealed
 * on their device for two of the recipient's devices crosses the mesh and opens to the original
 * text on each; a tampered copy does not open. The bridge accepts it only once identity.links names
 * the three device keys as current (it refuses unknown keys), so their routes are published first,
 * as identity-service would. Afterwards no record of any topic and no row of any table holds the
 * plaintext, the sender's profile name, their profile picture or a group member.
 */
@ExtendWith(DevstackExtension.class)
class WhatsappSealedSystemTest {
  private static final String SECRET = UUID.randomUUID().toString();
  private static final String PHONE_NUMBER_ID = "106540352242922";
  private static final String PLAINTEXT = "Meet me by the lighthouse at seven, bring the blue kite";
  private static final String PROFILE_NAME = "Philippa Marchetti";
  private static final String PICTURE = "https://pps.whatsapp.net/v/t61/philippa-profile.jpg";
  private static final String MEMBER = "447700900999";
  private static final SecureRandom RANDOM = new SecureRandom();

  private static Endpoints devstack;
  private static ServiceProcess bridge;

  @BeforeAll
  static void startBridge(Endpoints endpoints) {
    devstack = endpoints;
    Map<String, String> env = new java.util.HashMap<>(MeshServices.database(endpoints));
    env.put("SWITCHBOARD_WEBHOOK_APP_SECRET", SECRET);
    env.put("SWITCHBOARD_WEBHOOK_VERIFY_TOKEN", UUID.randomUUID().toString());
    bridge = MeshServices.start("whatsapp-bridge", endpoints, env);
  }

  @AfterAll
  static void stopBridge() {
    if (bridge != null) {
      bridge.close();
    }
  }

  @Test
  void aSealedGroupMessageOpensOnEveryRecipientDeviceAndNothingReadableIsLeftInTheMesh()
      throws Exception {
    DevicePrivateKey sender = DevicePrivateKey.generate("dk_philippa_phone", RANDOM);
    DevicePrivateKey phone = DevicePrivateKey.generate("dk_ada_phone", RANDOM);
    DevicePrivateKey laptop = DevicePrivateKey.generate("dk_ada_laptop", RANDOM);
    String wamid = "wamid.sealed-" + UUID.randomUUID();
    SealedContent sealed =
        new SealedMessages()
            .seal(
                wamid,
                sender,
                List.of(phone.toPublicKey(), laptop.toPublicKey()),
                PLAINTEXT.getBytes(StandardCharsets.UTF_8));

    // The bridge refuses unknown device keys: the keys are current once identity.links says so.
    IdentityLinks.publish(
        devstack.kafkaBootstrapServers(),
        new AccountRef(Platform.WHATSAPP, "16505551234"),
        List.of(sender.keyId()));
    IdentityLinks.publish(
        devstack.kafkaBootstrapServers(),
        new AccountRef(Platform.WHATSAPP, "447700900100"),
        List.of(phone.keyId(), laptop.keyId()));
    byte[] body = webhook(wamid, sealed);

    MeshEvent<EventData> event;
    try (TopicProbe probe =
        TopicProbe.fromNow(devstack.kafkaBootstrapServers(), Topics.INBOUND_WHATSAPP)) {
      // Until the bridge has read the routes it answers 400 unknown_device_key, writing nothing.
      io.restassured.response.ValidatableResponse answer =
          Awaitility.await("the bridge knows the device keys")
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(200))
              .until(
                  () -> post(body),
                  response -> !"unknown_device_key".equals(response.extract().path("error")));
      answer.statusCode(200).body("accepted", equalTo(1));
      event = MeshEventRecords.fromRecord(probe.await(1, Duration.ofSeconds(30)).get(0));
    }

    MessageCreated message = (MessageCreated) event.data();
    assertThat(message.messageId()).isEqualTo(wamid);
    SealedContent arrived = (SealedContent) message.content();
    assertThat(arrived).isEqualTo(sealed);
    for (DevicePrivateKey device : List.of(phone, laptop)) {
      byte[] opened = SealedMessages.open(wamid, arrived, device, sender.toPublicKey());
      assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo(PLAINTEXT);
    }
    assertThatTamperingIsDetected(wamid, arrived, phone, sender);

    List<String> everything = new ArrayList<>(everyRecordOfEveryTopic());
    everything.addAll(everyRowOfEveryTable());
    assertThat(everything).anyMatch(text -> text.contains(wamid));
    for (String secret :
        List.of(PLAINTEXT, "lighthouse", PROFILE_NAME, "Philippa", PICTURE, MEMBER)) {
      assertThat(everything).as("the mesh's topics and tables").noneMatch(t -> t.contains(secret));
    }
  }

  private static void assertThatTamperingIsDetected(
      String wamid, SealedContent content, DevicePrivateKey device, DevicePrivateKey sender) {
    SealedEnvelope first = content.envelopes().get(0);
    byte[] ciphertext = java.util.Base64.getDecoder().decode(first.ciphertext());
    ciphertext[ciphertext.length / 2] ^= 1;
    SealedEnvelope tampered =
        new SealedEnvelope(
            first.recipientDeviceKeyId(),
            first.encapsulatedKey(),
            java.util.Base64.getEncoder().encodeToString(ciphertext));
    SealedContent changed =
        new SealedContent(content.algorithm(), content.senderDeviceKeyId(), List.of(tampered));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SealedMessages.open(wamid, changed, device, sender.toPublicKey()))
        .isInstanceOf(SealedMessageException.class);
  }

  /** A Cloud API webhook as WhatsApp's side pushes a sealed group message, metadata included. */
  private static byte[] webhook(String wamid, SealedContent sealed) {
    StringBuilder envelopes = new StringBuilder();
    for (SealedEnvelope envelope : sealed.envelopes()) {
      envelopes
          .append(envelopes.isEmpty() ? "" : ",")
          .append("{\"recipient_device_key_id\":\"")
          .append(envelope.recipientDeviceKeyId())
          .append("\",\"enc\":\"")
          .append(envelope.encapsulatedKey())
          .append("\",\"ciphertext\":\"")
          .append(envelope.ciphertext())
          .append("\"}");
    }
    String json =
        """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{
          "field":"messages",
          "value":{
            "messaging_product":"whatsapp",
            "metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},
            "contacts":[{"profile":{"name":"%s","picture":"%s"},"wa_id":"16505551234"}],
            "messages":[{
              "from":"16505551234","id":"%s","timestamp":"%d","type":"sealed",
              "group":{"id":"opaque-group-7f3a","participants":[{"wa_id":"%s","name":"Thaddeus"}]},
              "sealed":{"algorithm":"%s","sender_device_key_id":"%s","envelopes":[%s]}
            }]
          }
        }]}]}
        """
            .formatted(
                PHONE_NUMBER_ID,
                PROFILE_NAME,
                PICTURE,
                wamid,
                System.currentTimeMillis() / 1000,
                MEMBER,
                sealed.algorithm(),
                sealed.senderDeviceKeyId(),
                envelopes);
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static io.restassured.response.ValidatableResponse post(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return given()
        .baseUri(bridge.baseUrl())
        .contentType("application/json")
        .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
        .body(body)
        .post("/webhooks/whatsapp")
        .then();
  }

  /** Key, value and headers of every record of every topic in the cluster, from the start. */
  private static List<String> everyRecordOfEveryTopic() throws Exception {
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafkaBootstrapServers());
    List<TopicPartition> partitions = new ArrayList<>();
    try (Admin client = Admin.create(admin)) {
      var names = client.listTopics().names().get();
      client
          .describeTopics(names)
          .allTopicNames()
          .get()
          .forEach(
              (name, description) ->
                  description
                      .partitions()
                      .forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
    }
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafkaBootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<String> texts = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        assertThat(System.nanoTime()).as("read every topic to its end").isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          texts.add(text(record.key()));
          texts.add(text(record.value()));
          for (Header header : record.headers()) {
            texts.add(header.key() + "=" + text(header.value()));
          }
        }
      }
    }
    return texts;
  }

  /** Every row of every table outside PostgreSQL's own schemas, as JSON text. */
  private static List<String> everyRowOfEveryTable() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection =
            DriverManager.getConnection(
                devstack.jdbcUrl().orElseThrow(),
                devstack.databaseUsername(),
                devstack.databasePassword());
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet names =
          statement.executeQuery(
              "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
                  + " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                  + " AND table_schema NOT IN ('pg_catalog', 'information_schema')")) {
        while (names.next()) {
          tables.add(names.getString(1));
        }
      }
      assertThat(tables).isNotEmpty();
      for (String table : tables) {
        try (ResultSet result =
            statement.executeQuery("SELECT row_to_json(t)::text FROM " + table + " t")) {
          while (result.next()) {
            rows.add(result.getString(1));
          }
        }
      }
    }
    return rows;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
  }
}
